using Agentsgt.Application.Sessions;
using Agentsgt.Application.ApiKeys.Authentication;
using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Application.UnitTests.VoiceTokens;

public sealed class IssueVoiceTokenCommandHandlerTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private Mock<ILiveKitTokenSigner> _signer = null!;
    private IssueVoiceTokenCommandHandler _handler = null!;
    private VoiceGrant? _grant;

    [SetUp]
    public void SetUp()
    {
        _signer = new Mock<ILiveKitTokenSigner>(MockBehavior.Strict);
        _signer.SetupGet(s => s.ServerUrl).Returns("wss://example.livekit.cloud");
        _signer.Setup(s => s.Sign(It.IsAny<VoiceGrant>()))
            .Callback<VoiceGrant>(g => _grant = g)
            .Returns<VoiceGrant>(g => new SignedVoiceToken("jwt", g.IssuedAt, g.IssuedAt + g.Lifetime));

        _handler = new IssueVoiceTokenCommandHandler(_signer.Object, new Mock<IVisitorResumeTokens>(MockBehavior.Strict).Object, new Mock<ISessionRepository>().Object, new Mock<ISessionRecorder>().Object, new SessionPolicy(), new FixedClock(Now));
    }

    private static IssueVoiceTokenCommand Command(string? room = null, string? identity = null, string? displayName = null, RequestedAgent? agent = null) =>
        new(TestCallers.Secret(OrganizationId), agent ?? TestAgents.Found(AgentId, OrganizationId), room, identity, displayName);

    [Test]
    public async Task IssuesATokenWithGeneratedRoomAndIdentity()
    {
        var dto = await _handler.Handle(Command(), CancellationToken.None);

        Assert.That(dto.Token, Is.EqualTo("jwt"));
        Assert.That(dto.ServerUrl, Is.EqualTo("wss://example.livekit.cloud"));
        Assert.That(RoomName.TryParse(dto.RoomName, out var room), Is.True);
        Assert.That(room!.AgentId, Is.EqualTo(AgentId));
        Assert.That(room.OrganizationId, Is.EqualTo(OrganizationId));
        Assert.That(dto.Identity, Does.StartWith("visitor-"));
        Assert.That(_grant!.DisplayName, Is.EqualTo("Visitor"));
        Assert.That(_grant.Identity, Is.EqualTo(dto.Identity));
        Assert.That(_grant.RoomName, Is.EqualTo(dto.RoomName));
    }

    [Test]
    public async Task ExpiresOneHourAfterIssueInUtc()
    {
        var dto = await _handler.Handle(Command(), CancellationToken.None);

        Assert.That(_grant!.IssuedAt, Is.EqualTo(Now));
        Assert.That(_grant.Lifetime, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(dto.ExpiresAt, Is.EqualTo(Now.AddHours(1)));
    }

    [Test]
    public async Task UsesTheGivenVisitorAndShortRoomName()
    {
        var dto = await _handler.Handle(Command("support-room-001", "user-123", "John Doe"), CancellationToken.None);

        Assert.That(dto.RoomName, Is.EqualTo(RoomName.FromShortName(AgentId, OrganizationId, "support-room-001").Value));
        Assert.That(dto.Identity, Is.EqualTo("user-123"));
        Assert.That(_grant!.DisplayName, Is.EqualTo("John Doe"));
    }

    [Test]
    public async Task RejoinsAnIssuedFullRoomNameAsIs()
    {
        var issued = RoomName.CreateRandom(AgentId, OrganizationId).Value;

        var dto = await _handler.Handle(Command(issued), CancellationToken.None);

        Assert.That(dto.RoomName, Is.EqualTo(issued));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task AnswersNotFound_WhenTheKeysReadFoundNoPermittedAgent(bool pathWasAUuid)
    {
        var agent = TestAgents.NotPermitted(pathWasAUuid ? AgentId : null);

        await Assert.ThrowsAsync<NotFoundException>(() => _handler.Handle(Command(agent: agent), CancellationToken.None));
        _signer.Verify(s => s.Sign(It.IsAny<VoiceGrant>()), Times.Never);
    }

    [Test]
    public async Task AnswersNotFoundBeforeConfigError()
    {
        _signer.Setup(s => s.Sign(It.IsAny<VoiceGrant>())).Throws(new VoiceNotConfiguredException());

        await Assert.ThrowsAsync<NotFoundException>(() => _handler.Handle(Command(agent: TestAgents.NotPermitted(AgentId)), CancellationToken.None));
    }

    [Test]
    public async Task PassesTheSignersConfigErrorOn_WhenLiveKitIsNotConfigured()
    {
        _signer.Setup(s => s.Sign(It.IsAny<VoiceGrant>())).Throws(new VoiceNotConfiguredException());

        await Assert.ThrowsAsync<VoiceNotConfiguredException>(() => _handler.Handle(Command(), CancellationToken.None));
    }

    [Test]
    public async Task PassesSigningFailuresOn()
    {
        _signer.Setup(s => s.Sign(It.IsAny<VoiceGrant>())).Throws(new TokenSigningException());

        await Assert.ThrowsAsync<TokenSigningException>(() => _handler.Handle(Command(), CancellationToken.None));
    }
}
