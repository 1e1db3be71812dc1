using Agentsgt.Application.Agents;
using Agentsgt.Application.Organizations;

namespace Agentsgt.Application.UnitTests.Common;

/// <summary>One profile per feature folder; every map complete.</summary>
public sealed class MappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    [Test]
    public void ConfigurationIsValid()
    {
        TestMapper.Configuration.AssertConfigurationIsValid();
    }

    [Test]
    public void MapsAnAgent()
    {
        var agent = new Agent(Guid.NewGuid(), Guid.NewGuid(), "Support", Now);

        var dto = TestMapper.Instance.Map<AgentDto>(agent);

        Assert.That(dto, Is.EqualTo(new AgentDto(agent.Id, agent.OrganizationId, "Support", Now, null, null)));
    }

    [Test]
    public void MapsAnOrganization()
    {
        var organization = new Organization(Guid.NewGuid(), "Acme", Now);

        var dto = TestMapper.Instance.Map<OrganizationDto>(organization);

        Assert.That(dto, Is.EqualTo(new OrganizationDto(organization.Id, "Acme", Now)));
    }
}
