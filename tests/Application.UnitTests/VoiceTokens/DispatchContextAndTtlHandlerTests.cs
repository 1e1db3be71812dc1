using Agentsgt.Application.Sessions;
namespace Agentsgt.Application.UnitTests.VoiceTokens;

/// <summary>The shared hot path, as both endpoints drive it: dispatch, visitor context, TTL, response shapes.</summary>
public sealed class DispatchContextAndTtlHandlerTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private string? _worker;
    private Mock<ILiveKitTokenSigner> _signer = null!;
    private IssueVoiceTokenCommandHandler _handler = null!;
    private VoiceGrant? _grant;

    [SetUp]
    public void SetUp()
    {
        _worker = null;

        _signer = new Mock<ILiveKitTokenSigner>(MockBehavior.Strict);
        _signer.SetupGet(s => s.ServerUrl).Returns("wss://example.livekit.cloud");
        _signer.Setup(s => s.Sign(It.IsAny<VoiceGrant>()))
            .Callback<VoiceGrant>(g => _grant = g)
            .Returns<VoiceGrant>(g => new SignedVoiceToken("jwt", g.IssuedAt, g.IssuedAt + g.Lifetime));

        _handler = new IssueVoiceTokenCommandHandler(_signer.Object, new Mock<IVisitorResumeTokens>(MockBehavior.Strict).Object, new Mock<ISessionRepository>().Object, new Mock<ISessionRecorder>().Object, new SessionPolicy(), new FixedClock(Now));
    }

    private void WithWorker(string? liveKitAgentName) => _worker = liveKitAgentName;

    private IssueVoiceTokenCommand TokenSource(string? agentName = null, string? name = null) =>
        new(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId, _worker), null, null, name)
        {
            RoomConfig = agentName is null ? null : new RoomConfigRequest([new AgentDispatchRequest(agentName, [])], []),
        };

    private IssueVoiceTokenCommand Contract() => new(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId, _worker), null, null, null);

    [Test]
    public async Task DispatchesTheAgentsWorker_OnBothEndpoints_WhenItHasOne()
    {
        WithWorker("support-agent");

        await _handler.Handle(Contract(), CancellationToken.None);
        Assert.That(_grant!.DispatchAgentName, Is.EqualTo("support-agent"));

        await _handler.Handle(TokenSource(), CancellationToken.None);
        Assert.That(_grant!.DispatchAgentName, Is.EqualTo("support-agent"));
    }

    [Test]
    public async Task DispatchesNothing_WhenTheAgentHasNoWorkerName()
    {
        await _handler.Handle(Contract(), CancellationToken.None);

        Assert.That(_grant!.DispatchAgentName, Is.Null);
    }

    [Test]
    public async Task AcceptsAClientAskingForThisAgentsOwnWorker()
    {
        WithWorker("support-agent");

        await _handler.Handle(TokenSource("support-agent"), CancellationToken.None);

        Assert.That(_grant!.DispatchAgentName, Is.EqualTo("support-agent"));
    }

    [TestCase("support-agent", "other-agent", TestName = "RejectsAnotherWorkerName")]
    [TestCase("support-agent", "Support-Agent", TestName = "RejectsAWorkerNameInAnotherCase")]
    [TestCase(null, "support-agent", TestName = "RejectsAWorkerName_WhenTheAgentHasNone")]
    public async Task RejectsAskingForAnotherWorker(string? stored, string requested)
    {
        WithWorker(stored);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => _handler.Handle(TokenSource(requested), CancellationToken.None));

        Assert.That(ex!.Errors.Keys, Is.EquivalentTo(new[] { "RoomConfig.Agents[0].AgentName" }));
        _signer.Verify(s => s.Sign(It.IsAny<VoiceGrant>()), Times.Never);
    }

    [Test]
    public async Task AnswersNotFound_BeforeLookingAtTheRequestedWorker()
    {
        var command = new IssueVoiceTokenCommand(TestCallers.Secret(OrganizationId), TestAgents.NotPermitted(Guid.NewGuid()), null, null, null)
        {
            RoomConfig = new RoomConfigRequest([new AgentDispatchRequest("x", [])], []),
        };

        await Assert.ThrowsAsync<NotFoundException>(() => _handler.Handle(command, CancellationToken.None));
    }

    [Test]
    public async Task PassesMetadataAndAttributesToTheToken()
    {
        var attributes = new Dictionary<string, string> { ["plan"] = "pro" };

        await _handler.Handle(Contract() with { Metadata = "{\"a\":1}", Attributes = attributes }, CancellationToken.None);

        Assert.That(_grant!.Metadata, Is.EqualTo("{\"a\":1}"));
        Assert.That(_grant.Attributes, Is.EqualTo(attributes));
    }

    [Test]
    public async Task SignsForTheRequestedTtl_AndExpiresAtAgrees()
    {
        var dto = await _handler.Handle(Contract() with { TtlSeconds = 300 }, CancellationToken.None);

        Assert.That(_grant!.Lifetime, Is.EqualTo(TimeSpan.FromSeconds(300)));
        Assert.That(dto.ExpiresAt, Is.EqualTo(Now.AddSeconds(300)));
    }

    [Test]
    public async Task AnswersTheTokenSourceShape()
    {
        var dto = await _handler.Handle(TokenSource(name: "John Doe"), CancellationToken.None);

        Assert.That(dto.Token, Is.EqualTo("jwt"));
        Assert.That(dto.ServerUrl, Is.EqualTo("wss://example.livekit.cloud"));
        Assert.That(dto.RoomName, Is.EqualTo(_grant!.RoomName));
        Assert.That(dto.DisplayName, Is.EqualTo("John Doe"));
    }

    [Test]
    public async Task AnswersTheDefaultDisplayName_WhenNoneWasSent()
    {
        var dto = await _handler.Handle(TokenSource(), CancellationToken.None);

        Assert.That(dto.DisplayName, Is.EqualTo("Visitor"));
    }
}
