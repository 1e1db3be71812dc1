using Agentsgt.Application.Sessions;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Application.UnitTests.VoiceTokens;

/// <summary>The session each token starts: reserved when a cap applies, written behind when none does.</summary>
public sealed class SessionIssueHandlerTests
{
    private static readonly Guid AgentId = Guid.NewGuid();
    private static readonly Guid OrganizationId = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);

    private Mock<ISessionRepository> _sessions = null!;
    private Mock<ISessionRecorder> _recorder = null!;
    private List<Session> _recorded = null!;
    private VoiceGrant? _grant;

    [SetUp]
    public void SetUp()
    {
        _sessions = new(MockBehavior.Strict);
        _recorder = new(MockBehavior.Strict);
        _recorded = [];
        _grant = null;
    }

    private IssueVoiceTokenCommandHandler Handler(SessionPolicy? policy = null)
    {
        var signer = new Mock<ILiveKitTokenSigner>();
        signer.SetupGet(s => s.ServerUrl).Returns("wss://example.livekit.cloud");
        signer.Setup(s => s.Sign(It.IsAny<VoiceGrant>())).Callback<VoiceGrant>(g => _grant = g)
            .Returns<VoiceGrant>(g => new SignedVoiceToken("jwt", g.IssuedAt, g.IssuedAt + g.Lifetime));
        _recorder.Setup(r => r.RecordAsync(It.IsAny<Session>())).Callback<Session>(_recorded.Add).Returns(ValueTask.CompletedTask);
        return new IssueVoiceTokenCommandHandler(signer.Object, new Mock<IVisitorResumeTokens>().Object, _sessions.Object, _recorder.Object, policy ?? new SessionPolicy(), new FixedClock(Now));
    }

    private static IssueVoiceTokenCommand Command(StoredSessionCaps caps, string? room = null, string? identity = null) =>
        new(TestCallers.Secret(OrganizationId) with { SessionCaps = caps }, TestAgents.Found(AgentId, OrganizationId), room, identity, null);

    [Test]
    public async Task AnUncappedKey_WithAGeneratedIdentity_WritesItsSessionBehind_WithNoDatabaseCall()
    {
        var issued = await Handler().Handle(Command(StoredSessionCaps.None), CancellationToken.None);

        Assert.That(_recorded.Single().Id, Is.EqualTo(issued.SessionId));
        Assert.That(_grant!.SessionId, Is.EqualTo(issued.SessionId));
        Assert.That(_grant.PrivateRoomDepartureTimeoutSeconds, Is.EqualTo(10));
        Assert.That(issued.MaxSessionSeconds, Is.EqualTo(3600));
        _sessions.VerifyNoOtherCalls();
    }

    [Test]
    public async Task AChosenIdentity_ReadsTheOpenSessionARejoinContinues()
    {
        var room = RoomName.FromShortName(AgentId, OrganizationId, "lobby").Value;
        var open = Session.Issue(Guid.NewGuid(), OrganizationId, AgentId, Guid.NewGuid(), room, false, "visitor-1", Now.AddMinutes(-5), new SessionCaps(null, null, 3600));
        _sessions.Setup(s => s.FindOpenAsync(OrganizationId, room, "visitor-1", Now, TimeSpan.FromSeconds(60), It.IsAny<CancellationToken>())).ReturnsAsync(open);

        await Handler().Handle(Command(StoredSessionCaps.None, "lobby", "visitor-1"), CancellationToken.None);

        Assert.That(_recorded.Single().ReplacesSessionId, Is.EqualTo(open.Id));
        Assert.That(_grant!.PrivateRoomDepartureTimeoutSeconds, Is.Null, "a named room is shared");
    }

    [Test]
    public async Task ACappedKey_Reserves_AndAFullCapIsASessionLimit()
    {
        _sessions.Setup(s => s.ReserveAsync(It.Is<Session>(x => x.KeyMaxConcurrentSessions == 2 && x.MaxSessionSeconds == 30), false, TimeSpan.FromSeconds(60), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SessionReservation(SessionCapLevel.Key, null));

        var thrown = await Assert.ThrowsAsync<SessionLimitException>(() =>
            Handler(new SessionPolicy { RetryAfterSeconds = 7 }).Handle(Command(new StoredSessionCaps(2, 30, null, null)), CancellationToken.None));

        Assert.That(thrown!.RetryAfterSeconds, Is.EqualTo(7));
        Assert.That(_recorded, Is.Empty);
    }

    [Test]
    public async Task ACappedKeysChosenIdentity_IsLookedUpInTheReservation_AGeneratedOneIsNot()
    {
        _sessions.Setup(s => s.ReserveAsync(It.IsAny<Session>(), It.IsAny<bool>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SessionReservation(null, null));

        await Handler().Handle(Command(new StoredSessionCaps(2, null, null, null), "lobby", "visitor-1"), CancellationToken.None);
        await Handler().Handle(Command(new StoredSessionCaps(2, null, null, null)), CancellationToken.None);

        _sessions.Verify(s => s.ReserveAsync(It.Is<Session>(x => x.Identity == "visitor-1"), true, It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
        _sessions.Verify(s => s.ReserveAsync(It.Is<Session>(x => x.Identity != "visitor-1"), false, It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task AConfiguredDefaultCap_MakesEveryKeyReserve()
    {
        _sessions.Setup(s => s.ReserveAsync(It.Is<Session>(x => x.OrganizationMaxConcurrentSessions == 50), false, It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SessionReservation(null, null));

        var issued = await Handler(new SessionPolicy { DefaultMaxConcurrentSessions = 50, DefaultMaxSessionSeconds = 600 }).Handle(Command(StoredSessionCaps.None), CancellationToken.None);

        Assert.That(issued.MaxSessionSeconds, Is.EqualTo(600));
        Assert.That(_recorded, Is.Empty);
    }
}
