using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Application.UnitTests.VoiceTokens;

public sealed class IssueVoiceTokenCommandValidatorTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");
    private readonly IssueVoiceTokenCommandValidator _validator = new();

    private static IssueVoiceTokenCommand Command(string? roomName = null, string? visitorId = null, string? visitorName = null, string? agentId = null) =>
        new(TestCallers.Reading(AgentId, OrganizationId, agentId ?? AgentId.ToString(), OrganizationId), roomName, visitorId, visitorName);

    [Test]
    public void AcceptsAnEmptyRequest()
    {
        Assert.That(_validator.Validate(Command()).IsValid, Is.True);
    }

    [Test]
    public void AcceptsThePagesExampleBody()
    {
        Assert.That(_validator.Validate(Command("support-room-001", "user-123", "John Doe")).IsValid, Is.True);
    }

    [Test]
    public void TreatsBlankFieldsAsOmitted()
    {
        var command = Command("  ", "\t", " ");

        Assert.That(command.RoomName, Is.Null);
        Assert.That(command.VisitorId, Is.Null);
        Assert.That(command.VisitorName, Is.Null);
        Assert.That(_validator.Validate(command).IsValid, Is.True);
    }

    [TestCase("bad name")]
    [TestCase("dot.name")]
    public void RejectsAnInvalidShortRoomName(string roomName)
    {
        var result = _validator.Validate(Command(roomName));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "RoomName" }));
    }

    [Test]
    public void RejectsAShortRoomNameOver64Characters()
    {
        Assert.That(_validator.Validate(Command(new string('a', 65))).IsValid, Is.False);
    }

    [Test]
    public void AcceptsAFullRoomNameOfThisAgentAndOrganization()
    {
        var room = RoomName.CreateRandom(AgentId, OrganizationId);

        Assert.That(_validator.Validate(Command(room.Value)).IsValid, Is.True);
    }

    [Test]
    public void AcceptsAFullRoomNameWhenThePathUsesUppercaseUuid()
    {
        var room = RoomName.FromShortName(AgentId, OrganizationId, "support");

        Assert.That(_validator.Validate(Command(room.Value, agentId: AgentId.ToString().ToUpperInvariant())).IsValid, Is.True);
    }

    [Test]
    public void RejectsAFullRoomNameOfAnotherOrganization()
    {
        var room = RoomName.FromShortName(AgentId, Guid.NewGuid(), "support");

        var result = _validator.Validate(Command(room.Value));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("RoomName"));
        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo(IssueVoiceTokenCommandValidator.ForeignRoomNameMessage));
    }

    [Test]
    public void RejectsAFullRoomNameOfAnotherAgent()
    {
        var room = RoomName.FromShortName(Guid.NewGuid(), OrganizationId, "support");

        Assert.That(_validator.Validate(Command(room.Value)).IsValid, Is.False);
    }

    [Test]
    public void RejectsAMalformedFullRoomName()
    {
        Assert.That(_validator.Validate(Command("agentsgt-room-whatever")).IsValid, Is.False);
    }

    [TestCase("has space")]
    [TestCase("hash#tag")]
    [TestCase("nul\u0000")]
    public void RejectsAnInvalidVisitorId(string visitorId)
    {
        var result = _validator.Validate(Command(visitorId: visitorId));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "VisitorId" }));
    }

    [Test]
    public void RejectsAnInvalidVisitorName()
    {
        var result = _validator.Validate(Command(visitorName: new string('n', 129)));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "VisitorName" }));
    }

    [Test]
    public void ReportsEveryInvalidFieldAtOnce()
    {
        var result = _validator.Validate(Command("bad name", "bad id", "bad\u0001name"));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "RoomName", "VisitorId", "VisitorName" }));
    }
}
