using FluentValidation.Results;

namespace Agentsgt.Application.UnitTests.VoiceTokens;

/// <summary>The token-source body's parts of the command: room_config (its snake_case names are Api's: ValidationDetailNamesTests).</summary>
public sealed class TokenSourceValidatorTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");
    private readonly IssueVoiceTokenCommandValidator _validator = new();

    private static IssueVoiceTokenCommand Command(string? roomName = null, string? identity = null, string? name = null, RoomConfigRequest? roomConfig = null) =>
        new(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), roomName, identity, name) { RoomConfig = roomConfig };

    private static RoomConfigRequest Config(params AgentDispatchRequest?[] agents) => new(agents, []);

    private static AgentDispatchRequest Dispatch(string? agentName, params string[] otherFields) => new(agentName, otherFields);

    private ValidationResult Validate(IssueVoiceTokenCommand command) => _validator.Validate(command);

    [Test]
    public void AcceptsAnEmptyRequest()
    {
        Assert.That(Validate(Command()).IsValid, Is.True);
    }

    [Test]
    public void ReportsTheContractsRulesUnderPropertyPaths()
    {
        var result = Validate(Command("bad name", "bad id", "bad\u0001name"));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "Room", "Identity", "DisplayName" }));
    }

    [Test]
    public void TreatsAnEmptyRoomConfigAsNone()
    {
        var command = Command(roomConfig: Config());

        Assert.That(command.RoomConfig, Is.Null);
        Assert.That(Validate(command).IsValid, Is.True);
    }

    [Test]
    public void AcceptsOneDispatchWithAnAgentName_TheHandlerChecksItIsThisAgents()
    {
        var command = Command(roomConfig: Config(Dispatch("support-agent")));

        Assert.That(Validate(command).IsValid, Is.True);
        Assert.That(command.RequestedAgentName, Is.EqualTo("support-agent"));
    }

    [TestCase("name")]
    [TestCase("metadata")]
    [TestCase("egress")]
    [TestCase("max_participants")]
    public void RejectsEveryOtherRoomConfigField_ByName(string field)
    {
        var result = Validate(Command(roomConfig: new RoomConfigRequest([], [field])));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo($"RoomConfig[{field}]"));
        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo(IssueVoiceTokenCommandValidator.RoomConfigFieldMessage));
    }

    [TestCase("deployment")]
    [TestCase("agentName")]
    public void RejectsEveryOtherDispatchField_ByName(string field)
    {
        var result = Validate(Command(roomConfig: Config(Dispatch("support-agent", field))));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo($"RoomConfig.Agents[0][{field}]"));
    }

    [Test]
    public void AcceptsAgentMetadataOnThisAgentsDispatch_UpTo4KiB()
    {
        var command = Command(roomConfig: Config(Dispatch("support-agent") with { Metadata = new string('m', 4096) }));

        Assert.That(Validate(command).IsValid, Is.True);
        Assert.That(command.RequestedAgentMetadata, Has.Length.EqualTo(4096));
    }

    [Test]
    public void RejectsAgentMetadataOver4KiB_NamingIt()
    {
        var result = Validate(Command(roomConfig: Config(Dispatch("support-agent") with { Metadata = new string('€', 1366) })));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("RoomConfig.Agents[0].Metadata"));
        Assert.That(result.Errors.Single().ErrorMessage, Does.Contain("4096 bytes"));
    }

    [Test]
    public void RejectsAgentMetadataWithoutAnAgentName_UnderTheName()
    {
        var result = Validate(Command(roomConfig: Config(Dispatch(null) with { Metadata = "{}" })));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("RoomConfig.Agents[0].AgentName"));
    }

    [Test]
    public void RejectsADispatchWithoutAnAgentName()
    {
        var result = Validate(Command(roomConfig: Config(Dispatch(null))));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("RoomConfig.Agents[0].AgentName"));
        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo(IssueVoiceTokenCommandValidator.NotThisAgentMessage));
    }

    [Test]
    public void RejectsMoreThanOneDispatch()
    {
        var result = Validate(Command(roomConfig: Config(Dispatch("a"), Dispatch("b"))));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("RoomConfig.Agents"));
    }

    [Test]
    public void RejectsANullDispatchEntry()
    {
        var result = Validate(Command(roomConfig: Config([null])));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("RoomConfig.Agents[0]"));
    }
}
