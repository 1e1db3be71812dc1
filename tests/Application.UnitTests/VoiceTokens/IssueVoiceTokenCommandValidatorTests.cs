using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Application.UnitTests.VoiceTokens;

public sealed class IssueVoiceTokenCommandValidatorTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");
    private readonly IssueVoiceTokenCommandValidator _validator = new();

    private static IssueVoiceTokenCommand Command(string? room = null, string? identity = null, string? displayName = null) =>
        new(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), room, identity, displayName);

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

        Assert.That(command.Room, Is.SameAs(RoomRequest.Random));
        Assert.That(command.Identity, Is.Null);
        Assert.That(command.DisplayName, Is.Null);
        Assert.That(_validator.Validate(command).IsValid, Is.True);
    }

    [TestCase("bad name")]
    [TestCase("dot.name")]
    public void RejectsAnInvalidShortRoomName(string roomName)
    {
        var result = _validator.Validate(Command(roomName));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "Room" }));
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
    public void RejectsAFullRoomNameOfAnotherOrganization()
    {
        var room = RoomName.FromShortName(AgentId, Guid.NewGuid(), "support");

        var result = _validator.Validate(Command(room.Value));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("Room"));
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
    public void RejectsAnInvalidIdentity(string identity)
    {
        var result = _validator.Validate(Command(identity: identity));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "Identity" }));
    }

    [Test]
    public void RejectsAnInvalidDisplayName()
    {
        var result = _validator.Validate(Command(displayName: new string('n', 129)));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "DisplayName" }));
    }

    [Test]
    public void ReportsEveryInvalidFieldAtOnce()
    {
        var result = _validator.Validate(Command("bad name", "bad id", "bad\u0001name"));

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "Room", "Identity", "DisplayName" }));
    }
}
