using Agentsgt.Application.ApiKeys.Commands.AuthenticateApiKey;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.ValueObjects;
using Moq;

namespace Agentsgt.Application.UnitTests.ApiKeys;

public sealed class AuthenticateApiKeyCommandHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly byte[] StoredHash = [1, 2, 3];

    private readonly ApiKeyCredentials _credentials = ParseOrThrow("Bearer pk_1234567890abcdef:sk_abcdef1234567890");
    private Mock<IApiKeyRepository> _repository = null!;
    private Mock<ISecretHasher> _hasher = null!;
    private ApiKeyLookup _key = null!;

    [SetUp]
    public void SetUp()
    {
        _key = new ApiKeyLookup(Guid.NewGuid(), Guid.NewGuid(), StoredHash, "p1", null, null);
        _repository = new Mock<IApiKeyRepository>();
        _repository.Setup(r => r.FindByPublicKeyAsync("pk_1234567890abcdef", It.IsAny<CancellationToken>())).ReturnsAsync(() => _key);
        _hasher = new Mock<ISecretHasher>();
        _hasher.SetupGet(h => h.CurrentPepperId).Returns("p1");
    }

    private AuthenticateApiKeyCommandHandler Handler() => new(_repository.Object, _hasher.Object, new FixedClock(Now));

    private void SecretMatches(bool matches) =>
        _hasher.Setup(h => h.Verify(It.IsAny<string>(), It.IsAny<byte[]>(), It.IsAny<string>())).Returns(matches);

    [Test]
    public async Task AcceptsAValidKey_AndRecordsItAsUsed()
    {
        SecretMatches(true);

        var result = await Handler().Handle(new AuthenticateApiKeyCommand(_credentials), CancellationToken.None);

        Assert.That(result, Is.EqualTo(new AuthenticatedApiKey(_key.Id, _key.OrganizationId)));
        _repository.Verify(r => r.MarkUsedAsync(_key.Id, Now, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RejectsAWrongSecret_WithoutRecordingUse()
    {
        SecretMatches(false);

        Assert.That(await Handler().Handle(new AuthenticateApiKeyCommand(_credentials), CancellationToken.None), Is.Null);
        _repository.Verify(r => r.MarkUsedAsync(It.IsAny<Guid>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task Check2_NoTimingOracle_AnUnknownKeyCostsTheSameHashAndCompareAsAWrongSecret()
    {
        _repository.Setup(r => r.FindByPublicKeyAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((ApiKeyLookup?)null);
        SecretMatches(true);

        Assert.That(await Handler().Handle(new AuthenticateApiKeyCommand(_credentials), CancellationToken.None), Is.Null);
        _hasher.Verify(h => h.Verify(_credentials.Secret, It.IsAny<byte[]>(), "p1"), Times.Once);

        // The stand-in hash is as long as a real one, so the constant-time compare does the same work.
        _hasher.Verify(h => h.Verify(It.IsAny<string>(), It.Is<byte[]>(hash => hash.Length == 32), It.IsAny<string>()), Times.Once);
    }

    [Test]
    public async Task RejectsARevokedKey()
    {
        SecretMatches(true);
        _key = _key with { RevokedAt = Now.AddDays(-1) };

        Assert.That(await Handler().Handle(new AuthenticateApiKeyCommand(_credentials), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task RejectsAnExpiredKey_AtTheExactExpiryInstant()
    {
        SecretMatches(true);
        _key = _key with { ExpiresAt = Now };

        Assert.That(await Handler().Handle(new AuthenticateApiKeyCommand(_credentials), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task AcceptsAKeyThatExpiresLater()
    {
        SecretMatches(true);
        _key = _key with { ExpiresAt = Now.AddSeconds(1) };

        Assert.That(await Handler().Handle(new AuthenticateApiKeyCommand(_credentials), CancellationToken.None), Is.Not.Null);
    }

    private static ApiKeyCredentials ParseOrThrow(string header) =>
        ApiKeyCredentials.TryParseAuthorizationHeader(header, out var credentials) ? credentials : throw new InvalidOperationException();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
