using Agentsgt.Application.Sessions;
namespace Agentsgt.Application.UnitTests.VoiceTokens;

/// <summary>A publishable-key caller never chooses its room or identity; only its own resume token brings it back.</summary>
public sealed class PublishableCallerHandlerTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");
    private static readonly Guid KeyId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly string ResumedRoom = $"agentsgt-room-{AgentId:D}-{OrganizationId:D}-k3v9q2m7x1z8w4r6";

    private Mock<IVisitorResumeTokens> _resumeTokens = null!;
    private IssueVoiceTokenCommandHandler _handler = null!;
    private VoiceGrant? _grant;
    private VisitorSession? _issuedFor;

    [SetUp]
    public void SetUp()
    {
        var signer = new Mock<ILiveKitTokenSigner>(MockBehavior.Strict);
        signer.SetupGet(s => s.ServerUrl).Returns("wss://example.livekit.cloud");
        signer.Setup(s => s.Sign(It.IsAny<VoiceGrant>()))
            .Callback<VoiceGrant>(g => _grant = g)
            .Returns<VoiceGrant>(g => new SignedVoiceToken("jwt", g.IssuedAt, g.IssuedAt + g.Lifetime));

        _resumeTokens = new Mock<IVisitorResumeTokens>(MockBehavior.Strict);
        _resumeTokens.Setup(r => r.Issue(It.IsAny<VisitorSession>(), Now, Now.AddHours(1)))
            .Callback<VisitorSession, DateTimeOffset, DateTimeOffset>((s, _, _) => _issuedFor = s)
            .Returns("next-resume-token");

        _handler = new IssueVoiceTokenCommandHandler(signer.Object, _resumeTokens.Object, new Mock<ISessionRepository>().Object, new Mock<ISessionRecorder>().Object, new SessionPolicy(), new FixedClock(Now));
    }

    private static IssueVoiceTokenCommand Publishable(string? roomName = "support-room-001", string? visitorId = "user-123", string? resumeToken = null, bool agentFound = true) =>
        new(TestCallers.Publishable(KeyId, OrganizationId), agentFound ? TestAgents.Found(AgentId, OrganizationId) : TestAgents.NotPermitted(AgentId), roomName, visitorId, "Web visitor") { ResumeToken = resumeToken };

    private void Reads(string resumeToken, ResumeTokenReading reading) =>
        _resumeTokens.Setup(r => r.ReadAsync(resumeToken, Now)).ReturnsAsync(reading);

    [Test]
    public async Task IgnoresRoomNameAndVisitorId_AndIssuesAResumeTokenForWhatItGave()
    {
        var dto = await _handler.Handle(Publishable(), CancellationToken.None);

        Assert.That(dto.RoomName, Does.Match($"^agentsgt-room-{AgentId:D}-{OrganizationId:D}-[a-z0-9]{{16,}}$"));
        Assert.That(dto.Identity, Does.StartWith("visitor-"));
        Assert.That(_grant!.DisplayName, Is.EqualTo("Web visitor"));
        Assert.That(dto.ResumeToken, Is.EqualTo("next-resume-token"));
        Assert.That(_issuedFor, Is.EqualTo(new VisitorSession(KeyId, AgentId, OrganizationId, dto.RoomName, dto.Identity)));
    }

    [Test]
    public async Task ItsOwnResumeToken_GivesBackItsRoomAndIdentity()
    {
        Reads("mine", new ResumeTokenReading(new VisitorSession(KeyId, AgentId, OrganizationId, ResumedRoom, "visitor-abc"), Expired: false));

        var dto = await _handler.Handle(Publishable(resumeToken: "mine"), CancellationToken.None);

        Assert.That(_grant!.RoomName, Is.EqualTo(ResumedRoom));
        Assert.That(_grant.Identity, Is.EqualTo("visitor-abc"));
        Assert.That(dto.ResumeToken, Is.EqualTo("next-resume-token"));
    }

    [TestCase("other-key", IssueVoiceTokenCommandHandler.ResumeTokenNotYoursMessage)]
    [TestCase("other-agent", IssueVoiceTokenCommandHandler.ResumeTokenNotYoursMessage)]
    [TestCase("other-organization", IssueVoiceTokenCommandHandler.ResumeTokenNotYoursMessage)]
    [TestCase("expired", IssueVoiceTokenCommandHandler.ResumeTokenExpiredMessage)]
    [TestCase("forged", IssueVoiceTokenCommandHandler.ResumeTokenInvalidMessage)]
    public async Task AResumeTokenNotIssuedToThisKeyForThisAgent_IsAValidationError_BeforeTheAgentCheck(string resumeToken, string message)
    {
        Reads("other-key", new ResumeTokenReading(new VisitorSession(Guid.NewGuid(), AgentId, OrganizationId, ResumedRoom, "v"), false));
        Reads("other-agent", new ResumeTokenReading(new VisitorSession(KeyId, Guid.NewGuid(), OrganizationId, ResumedRoom, "v"), false));
        Reads("other-organization", new ResumeTokenReading(new VisitorSession(KeyId, AgentId, Guid.NewGuid(), ResumedRoom, "v"), false));
        Reads("expired", ResumeTokenReading.TooOld);
        Reads("forged", ResumeTokenReading.Invalid);

        // No such agent either: the field rule still answers first (400 before 404).
        var ex = await Assert.ThrowsAsync<ValidationException>(() => _handler.Handle(Publishable(resumeToken: resumeToken, agentFound: false), CancellationToken.None));

        Assert.That(ex!.Errors["ResumeToken"], Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task SecretKeyCallers_ChooseAsBefore_AndNeverTouchResumeTokens()
    {
        var command = new IssueVoiceTokenCommand(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), "support-room-001", "user-123", null) { ResumeToken = "ignored" };

        var dto = await _handler.Handle(command, CancellationToken.None);

        Assert.That(dto.RoomName, Does.EndWith("-support-room-001"));
        Assert.That(dto.Identity, Is.EqualTo("user-123"));
        Assert.That(dto.ResumeToken, Is.Null);
        _resumeTokens.VerifyNoOtherCalls();
    }
}
