using Agentsgt.Application.Agents.Commands.CreateAgent;
using Agentsgt.Application.ApiKeys.Commands.CreateApiKey;
using Agentsgt.Application.Organizations.Commands.CreateOrganization;

namespace Agentsgt.Application.UnitTests.Common;

/// <summary>The one name rule, and that each create command applies it.</summary>
public sealed class NameValidationTests
{
    private static string? Problem(string? name) =>
        new CreateOrganizationCommandValidator().Validate(new CreateOrganizationCommand(name!)).Errors.SingleOrDefault()?.ErrorMessage;

    [TestCase("Acme Inc")]
    [TestCase("José Núñez S.A.")]
    [TestCase("  padded  ")]
    public void AcceptsAName(string name)
    {
        Assert.That(Problem(name), Is.Null);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\t\n")]
    public void RejectsABlankName(string? name)
    {
        Assert.That(Problem(name), Is.EqualTo("name must not be blank"));
    }

    [Test]
    public void CountsTheLengthAfterTrimming()
    {
        Assert.That(Problem(" " + new string('x', 200) + " "), Is.Null);
        Assert.That(Problem(new string('x', 201)), Is.EqualTo("name must be at most 200 characters (got 201)"));
    }

    [TestCase("Acme\u001b[31m")]
    [TestCase("Acme\nInc")]
    [TestCase("Acme\u0000")]
    public void RejectsControlCharacters(string name)
    {
        Assert.That(Problem(name), Is.EqualTo("name must not contain control characters"));
    }

    [Test]
    public void EveryCreateCommand_AppliesTheRule()
    {
        Assert.That(new CreateOrganizationCommandValidator().Validate(new CreateOrganizationCommand(" ")).Errors.Single().ErrorMessage, Is.EqualTo("name must not be blank"));
        Assert.That(new CreateAgentCommandValidator().Validate(new CreateAgentCommand(Guid.NewGuid(), new string('x', 201))).IsValid, Is.False);
        Assert.That(new CreateApiKeyCommandValidator().Validate(new CreateApiKeyCommand(Guid.NewGuid(), "", null)).Errors.Single().ErrorMessage, Is.EqualTo("name must not be blank"));
        Assert.That(new CreateOrganizationCommandValidator().Validate(new CreateOrganizationCommand("Acme")).IsValid, Is.True);
    }
}
