using Agentsgt.Application.Agents.Commands.CreateAgent;
using Agentsgt.Application.Agents.Commands.DeleteAgent;
using Agentsgt.Application.Agents.Queries.ListAgents;

namespace Agentsgt.Application.UnitTests.Agents;

public sealed class AgentCommandHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly Guid OrganizationId = Guid.NewGuid();
    private Mock<IOrganizationRepository> _organizations = null!;
    private Mock<IAgentRepository> _agents = null!;

    [SetUp]
    public void SetUp()
    {
        _organizations = new Mock<IOrganizationRepository>();
        _organizations.Setup(o => o.ExistsAsync(OrganizationId, It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _agents = new Mock<IAgentRepository>();
    }

    [Test]
    public async Task Create_AddsATrimmedAgentToAnExistingOrganization()
    {
        var agent = await new CreateAgentCommandHandler(_organizations.Object, _agents.Object, new FixedClock(Now), TestMapper.Instance)
            .Handle(new CreateAgentCommand(OrganizationId, "  Bot "), CancellationToken.None);

        Assert.That(agent.Name, Is.EqualTo("Bot"));
        Assert.That(agent.CreatedAt, Is.EqualTo(Now));
        _agents.Verify(a => a.AddAsync(It.Is<Agent>(x => x.Id == agent.Id && x.OrganizationId == OrganizationId), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Create_RejectsAnUnknownOrganization()
    {
        var handler = new CreateAgentCommandHandler(_organizations.Object, _agents.Object, new FixedClock(Now), TestMapper.Instance);

        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new CreateAgentCommand(Guid.NewGuid(), "Bot"), CancellationToken.None));
        _agents.Verify(a => a.AddAsync(It.IsAny<Agent>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Delete_SoftDeletesOnce()
    {
        var agent = new Agent(Guid.NewGuid(), OrganizationId, "Bot", Now.AddDays(-1));
        _agents.Setup(a => a.GetAsync(agent.Id, It.IsAny<CancellationToken>())).ReturnsAsync(agent);
        var handler = new DeleteAgentCommandHandler(_agents.Object, new FixedClock(Now), TestMapper.Instance);

        var first = await handler.Handle(new DeleteAgentCommand(agent.Id), CancellationToken.None);
        var second = await handler.Handle(new DeleteAgentCommand(agent.Id), CancellationToken.None);

        Assert.That((first.AlreadyDeleted, first.Agent.DeletedAt), Is.EqualTo((false, (DateTimeOffset?)Now)));
        Assert.That((second.AlreadyDeleted, second.Agent.DeletedAt), Is.EqualTo((true, (DateTimeOffset?)Now)));
        _agents.Verify(a => a.UpdateAsync(agent, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task Delete_AnUnknownAgent_IsNotFound()
    {
        var unknown = Guid.NewGuid();

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => new DeleteAgentCommandHandler(_agents.Object, new FixedClock(Now), TestMapper.Instance).Handle(new DeleteAgentCommand(unknown), CancellationToken.None));

        Assert.That(exception!.Message, Is.EqualTo($"agent {unknown:D} does not exist"));
    }

    [Test]
    public async Task List_AnUnknownOrganization_IsNotFound()
    {
        var handler = new ListAgentsQueryHandler(_organizations.Object, _agents.Object, TestMapper.Instance);

        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new ListAgentsQuery(Guid.NewGuid()), CancellationToken.None));
    }
}
