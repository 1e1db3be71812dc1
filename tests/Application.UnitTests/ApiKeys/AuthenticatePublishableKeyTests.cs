using Agentsgt.Application.ApiKeys.Commands.AuthenticateApiKey;
using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using Moq;

namespace Agentsgt.Application.UnitTests.ApiKeys;

/// <summary>AuthenticateApiKeyCommand for publishable keys (<c>Bearer pk_…</c> with the request's Origin).</summary>
public sealed class AuthenticatePublishableKeyTests
{
    private const string Origin = "https://shop.example.com";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);

    private Mock<IApiKeyRepository> _repository = null!;
    private Mock<ISecretHasher> _hasher = null!;
    private ApiKeyLookup? _key;

    [SetUp]
    public void SetUp()
    {
        _key = new ApiKeyLookup(Guid.NewGuid(), Guid.NewGuid(), null, null, null, null)
        {
            Kind = ApiKeyKind.Publishable,
            AllowedOrigins = [Origin],
        };
        _repository = new Mock<IApiKeyRepository>();
        _repository.Setup(r => r.FindByPublicKeyAsync("pk_publishable123", It.IsAny<CancellationToken>())).ReturnsAsync(() => _key);
        _hasher = new Mock<ISecretHasher>();
        _hasher.SetupGet(h => h.CurrentPepperId).Returns("p1");
        _hasher.Setup(h => h.Verify(It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<string>())).Returns(true);
    }

    private Task<AuthenticatedApiKey?> AuthenticateAsync(string header, string? origin) =>
        new AuthenticateApiKeyCommandHandler(_repository.Object, _hasher.Object, new Common.FixedClock(Now))
            .Handle(new AuthenticateApiKeyCommand(Parse(header), origin), CancellationToken.None);

    private static ApiKeyCredentials Parse(string header) =>
        ApiKeyCredentials.TryParseBearer(header, out var credentials) ? credentials : throw new InvalidOperationException();

    [Test]
    public async Task AcceptsTheAllowedOrigin_WithTheAgentAllowList_AndRecordsUse()
    {
        var agent = Guid.NewGuid();
        _key = _key! with { AllowedAgentIds = [agent] };

        var result = await AuthenticateAsync("Bearer pk_publishable123", Origin);

        Assert.That(result, Is.Not.Null);
        Assert.That(result!.Kind, Is.EqualTo(ApiKeyKind.Publishable));
        Assert.That(result.AllowedAgentIds, Is.EqualTo(new[] { agent }));
        _repository.Verify(r => r.MarkUsedAsync(_key.Id, Now, It.IsAny<CancellationToken>()), Times.Once);
        _hasher.Verify(h => h.Verify(It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<string>()), Times.Never, "nothing to hash");
    }

    [Test]
    public async Task WithoutAnAllowList_MayUseEveryAgent()
    {
        Assert.That((await AuthenticateAsync("Bearer pk_publishable123", Origin))!.AllowedAgentIds, Is.Null);
    }

    [TestCase(null)]
    [TestCase("https://other.example.com")]
    [TestCase("https://SHOP.example.com")]
    public async Task RejectsAMissingOrOtherOrigin_WithoutRecordingUse(string? origin)
    {
        Assert.That(await AuthenticateAsync("Bearer pk_publishable123", origin), Is.Null);
        _repository.Verify(r => r.MarkUsedAsync(It.IsAny<Guid>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task RejectsARevokedOrExpiredKey()
    {
        _key = _key! with { RevokedAt = Now.AddMinutes(-1) };
        Assert.That(await AuthenticateAsync("Bearer pk_publishable123", Origin), Is.Null);

        _key = _key with { RevokedAt = null, ExpiresAt = Now };
        Assert.That(await AuthenticateAsync("Bearer pk_publishable123", Origin), Is.Null);
    }

    [Test]
    public void APublicPartAlone_IsMalformed_ForASecretKey()
    {
        _key = new ApiKeyLookup(Guid.NewGuid(), Guid.NewGuid(), [1, 2, 3], "p1", null, null);

        Assert.ThrowsAsync<MalformedCredentialsException>(() => AuthenticateAsync("Bearer pk_publishable123", Origin));
    }

    [Test]
    public void APublicPartAlone_IsMalformed_ForAnUnknownKey()
    {
        _key = null;

        Assert.ThrowsAsync<MalformedCredentialsException>(() => AuthenticateAsync("Bearer pk_publishable123", Origin));
    }

    [Test]
    public void ASecretSentWithAPublishableKey_IsMalformed_AfterTheUsualHashComparison()
    {
        Assert.ThrowsAsync<MalformedCredentialsException>(() => AuthenticateAsync("Bearer pk_publishable123:sk_abcdef", Origin));
        _hasher.Verify(h => h.Verify("sk_abcdef", It.IsAny<byte[]>(), "p1"), Times.Once);
        _repository.Verify(r => r.MarkUsedAsync(It.IsAny<Guid>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
