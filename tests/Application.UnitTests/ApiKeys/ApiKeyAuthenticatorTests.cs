using Agentsgt.Application.ApiKeys.Authentication;
using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Application.UnitTests.ApiKeys;

/// <summary>
/// ApiKeyAuthenticator around ApiKey.Check: one read (key and agent), the entity's decision, and
/// last_used_at recorded (written behind) for a valid key only.
/// </summary>
public sealed class ApiKeyAuthenticatorTests
{
    private const string Origin = "https://shop.example.com";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly byte[] StoredHash = [1, 2, 3];
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");

    private Mock<IApiKeyRepository> _repository = null!;
    private Mock<ISecretHasher> _hasher = null!;
    private Mock<IKeyUsageRecorder> _usage = null!;
    private ApiKey? _key;
    private ActiveAgent? _agent;

    [SetUp]
    public void SetUp()
    {
        _key = SecretKey();
        _agent = null;
        _repository = new Mock<IApiKeyRepository>(MockBehavior.Strict);
        _repository.Setup(r => r.FindKeyAndAgentAsync(It.IsAny<string>(), It.IsAny<Guid?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new KeyAndAgent(_key, _agent));
        _hasher = new Mock<ISecretHasher>();
        _hasher.SetupGet(h => h.CurrentPepperId).Returns("p1");
        _usage = new Mock<IKeyUsageRecorder>();
    }

    private static ApiKey SecretKey(DateTimeOffset? revokedAt = null, DateTimeOffset? expiresAt = null) =>
        ApiKey.FromStored(Guid.NewGuid(), Guid.NewGuid(), ApiKeyKind.Secret, StoredHash, "p1", [], [], revokedAt, expiresAt);

    private static ApiKey PublishableKey(IReadOnlyList<Guid>? agents = null, DateTimeOffset? revokedAt = null, DateTimeOffset? expiresAt = null) =>
        ApiKey.FromStored(Guid.NewGuid(), Guid.NewGuid(), ApiKeyKind.Publishable, null, null, [Origin], agents ?? [], revokedAt, expiresAt);

    private void SecretMatches(bool matches) =>
        _hasher.Setup(h => h.Verify(It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<string>())).Returns(matches);

    private Task<ApiKeyAuthentication> AuthenticateAsync(string header = "Bearer pk_1234567890abcdef:sk_abcdef1234567890", string? origin = null, string? agentId = null) =>
        new ApiKeyAuthenticator(_repository.Object, _hasher.Object, _usage.Object, new FixedClock(Now))
            .AuthenticateAsync(Parse(header), origin, agentId, CancellationToken.None);

    private static ApiKeyCredentials Parse(string header) =>
        ApiKeyCredentials.TryParseBearer(header, out var credentials) ? credentials : throw new InvalidOperationException();

    private void VerifyNotRecorded() => _usage.Verify(u => u.RecordAsync(It.IsAny<Guid>(), It.IsAny<DateTimeOffset>()), Times.Never);

    [Test]
    public async Task AcceptsAValidKey_RecordsItAsUsed_AndCarriesTheAgentReadWithIt()
    {
        SecretMatches(true);
        _agent = new ActiveAgent(AgentId, _key!.OrganizationId, "worker");

        var result = await AuthenticateAsync(agentId: AgentId.ToString());

        Assert.That(result.Result, Is.EqualTo(ApiKeyCheck.Ok));
        Assert.That(result.Caller, Is.EqualTo(new AuthenticatedCaller(_key.Id, _key.OrganizationId, ApiKeyKind.Secret)));
        Assert.That(result.Agent, Is.EqualTo(new RequestedAgent(AgentId, _agent)));
        _usage.Verify(u => u.RecordAsync(_key.Id, Now), Times.Once);
        _repository.Verify(r => r.FindKeyAndAgentAsync("pk_1234567890abcdef", AgentId, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task AnUppercaseAgentId_IsReadAsTheSameAgent()
    {
        SecretMatches(true);

        var result = await AuthenticateAsync(agentId: AgentId.ToString().ToUpperInvariant());

        Assert.That(result.Agent!.Id, Is.EqualTo(AgentId));
        _repository.Verify(r => r.FindKeyAndAgentAsync(It.IsAny<string>(), AgentId, It.IsAny<CancellationToken>()), Times.Once);
    }

    [TestCase("not-a-uuid")]
    [TestCase(" 550e8400-e29b-41d4-a716-446655440000")]
    [TestCase(null)]
    public async Task AnAgentIdThatIsNotAUuid_IsNotLookedUp(string? agentId)
    {
        SecretMatches(true);

        var result = await AuthenticateAsync(agentId: agentId);

        Assert.That(result.Agent!.Id, Is.Null);
        _repository.Verify(r => r.FindKeyAndAgentAsync(It.IsAny<string>(), null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RejectsAWrongSecret_WithoutRecordingUse()
    {
        SecretMatches(false);

        Assert.That(await AuthenticateAsync(), Is.EqualTo(new ApiKeyAuthentication(ApiKeyCheck.Invalid, null)));
        VerifyNotRecorded();
    }

    [Test]
    public async Task Check2_NoTimingOracle_AnUnknownKeyCostsTheSameHashAndCompareAsAWrongSecret()
    {
        _key = null;
        SecretMatches(true);

        Assert.That((await AuthenticateAsync()).Result, Is.EqualTo(ApiKeyCheck.Invalid), "even a hasher that says yes cannot pass an unknown key");
        // The stand-in hash is as long as a real one under the current pepper, so the constant-time compare does the same work.
        _hasher.Verify(h => h.Verify("sk_abcdef1234567890", It.Is<byte[]>(hash => hash.Length == 32), "p1"), Times.Once);
        VerifyNotRecorded();
    }

    [Test]
    public async Task RejectsARevokedKey()
    {
        SecretMatches(true);
        _key = SecretKey(revokedAt: Now.AddDays(-1));

        Assert.That((await AuthenticateAsync()).Result, Is.EqualTo(ApiKeyCheck.Invalid));
    }

    [Test]
    public async Task RejectsAnExpiredKey_AtTheExactExpiryInstant()
    {
        SecretMatches(true);
        _key = SecretKey(expiresAt: Now);

        Assert.That((await AuthenticateAsync()).Result, Is.EqualTo(ApiKeyCheck.Invalid));
    }

    [Test]
    public async Task AcceptsAKeyThatExpiresLater()
    {
        SecretMatches(true);
        _key = SecretKey(expiresAt: Now.AddSeconds(1));

        Assert.That((await AuthenticateAsync()).Result, Is.EqualTo(ApiKeyCheck.Ok));
    }

    [Test]
    public async Task Publishable_AcceptsTheAllowedOrigin_WithTheAgentAllowList_AndRecordsUse()
    {
        _key = PublishableKey([AgentId]);
        _agent = new ActiveAgent(AgentId, _key.OrganizationId, null);

        var result = await AuthenticateAsync("Bearer pk_publishable123", Origin, AgentId.ToString());

        Assert.That(result.Result, Is.EqualTo(ApiKeyCheck.Ok));
        Assert.That(result.Caller!.Kind, Is.EqualTo(ApiKeyKind.Publishable));
        Assert.That(result.Agent!.Permitted, Is.EqualTo(_agent));
        _usage.Verify(u => u.RecordAsync(_key.Id, Now), Times.Once);
        _hasher.Verify(h => h.Verify(It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<string>()), Times.Never, "nothing to hash");
    }

    [Test]
    public async Task Publishable_WithoutAnAllowList_MayUseEveryAgent()
    {
        _key = PublishableKey();
        _agent = new ActiveAgent(AgentId, _key.OrganizationId, null);

        Assert.That((await AuthenticateAsync("Bearer pk_publishable123", Origin, AgentId.ToString())).Agent!.Permitted, Is.EqualTo(_agent));
    }

    [Test]
    public async Task Publishable_AnAgentOffTheAllowList_IsNotPermitted_ThoughItWasRead()
    {
        _key = PublishableKey([Guid.NewGuid()]);
        _agent = new ActiveAgent(AgentId, _key.OrganizationId, null);

        var result = await AuthenticateAsync("Bearer pk_publishable123", Origin, AgentId.ToString());

        Assert.That(result.Result, Is.EqualTo(ApiKeyCheck.Ok));
        Assert.That(result.Agent, Is.EqualTo(new RequestedAgent(AgentId, null)));
    }

    [TestCase(null)]
    [TestCase("https://other.example.com")]
    [TestCase("https://SHOP.example.com")]
    public async Task Publishable_RejectsAMissingOrOtherOrigin_WithoutRecordingUse(string? origin)
    {
        _key = PublishableKey();

        Assert.That((await AuthenticateAsync("Bearer pk_publishable123", origin)).Result, Is.EqualTo(ApiKeyCheck.Invalid));
        VerifyNotRecorded();
    }

    [Test]
    public async Task Publishable_RejectsARevokedOrExpiredKey()
    {
        _key = PublishableKey(revokedAt: Now.AddMinutes(-1));
        Assert.That((await AuthenticateAsync("Bearer pk_publishable123", Origin)).Result, Is.EqualTo(ApiKeyCheck.Invalid));

        _key = PublishableKey(expiresAt: Now);
        Assert.That((await AuthenticateAsync("Bearer pk_publishable123", Origin)).Result, Is.EqualTo(ApiKeyCheck.Invalid));
    }

    [Test]
    public async Task APublicPartAlone_IsMalformed_ForASecretKey()
    {
        Assert.That((await AuthenticateAsync("Bearer pk_publishable123", Origin)).Result, Is.EqualTo(ApiKeyCheck.Malformed));
    }

    [Test]
    public async Task APublicPartAlone_IsMalformed_ForAnUnknownKey()
    {
        _key = null;

        Assert.That((await AuthenticateAsync("Bearer pk_publishable123", Origin)).Result, Is.EqualTo(ApiKeyCheck.Malformed));
    }

    [Test]
    public async Task ASecretSentWithAPublishableKey_IsMalformed_AfterTheUsualHashComparison()
    {
        _key = PublishableKey();
        SecretMatches(true);

        Assert.That((await AuthenticateAsync("Bearer pk_publishable123:sk_abcdef", Origin)).Result, Is.EqualTo(ApiKeyCheck.Malformed));
        _hasher.Verify(h => h.Verify("sk_abcdef", It.Is<byte[]>(hash => hash.Length == 32), It.IsAny<string>()), Times.Once);
        VerifyNotRecorded();
    }
}
