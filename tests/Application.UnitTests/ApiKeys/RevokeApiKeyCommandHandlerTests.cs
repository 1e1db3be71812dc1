using Agentsgt.Application.ApiKeys;
using Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

namespace Agentsgt.Application.UnitTests.ApiKeys;

public sealed class RevokeApiKeyCommandHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private Mock<IApiKeyRepository> _apiKeys = null!;
    private Mock<ISecretHasher> _hasher = null!;
    private ApiKey _key = null!;

    [SetUp]
    public void SetUp()
    {
        _key = new ApiKey(Guid.NewGuid(), Guid.NewGuid(), "k", "pk_revokeMe", [1], "A", Now.AddDays(-1), null);
        _apiKeys = new Mock<IApiKeyRepository>();
        _apiKeys.Setup(k => k.GetByPublicKeyAsync("pk_revokeMe", It.IsAny<CancellationToken>())).ReturnsAsync(() => _key);
        _hasher = new Mock<ISecretHasher>();
        _hasher.SetupGet(h => h.CurrentPepperId).Returns("B");
    }

    private RevokeApiKeyCommandHandler Handler() => new(_apiKeys.Object, _hasher.Object, new FixedClock(Now));

    [Test]
    public async Task RevokesNow_AndSaves()
    {
        var result = await Handler().Handle(new RevokeApiKeyCommand("pk_revokeMe"), CancellationToken.None);

        Assert.That(result.AlreadyRevoked, Is.False);
        Assert.That(result.ApiKey.Status, Is.EqualTo(ApiKeyDto.Revoked));
        Assert.That(result.ApiKey.RevokedAt, Is.EqualTo(Now));
        Assert.That(result.ApiKey.PepperIsCurrent, Is.False);
        _apiKeys.Verify(k => k.UpdateAsync(_key, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task RevokingARevokedKey_KeepsTheFirstTime_AndSavesNothing()
    {
        _key.Revoke(Now.AddHours(-3));

        var result = await Handler().Handle(new RevokeApiKeyCommand("pk_revokeMe"), CancellationToken.None);

        Assert.That(result.AlreadyRevoked, Is.True);
        Assert.That(result.ApiKey.RevokedAt, Is.EqualTo(Now.AddHours(-3)));
        _apiKeys.Verify(k => k.UpdateAsync(It.IsAny<ApiKey>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task AnUnknownKey_IsNotFound()
    {
        var exception = await Assert.ThrowsAsync<NotFoundException>(() => Handler().Handle(new RevokeApiKeyCommand("pk_unknown"), CancellationToken.None));

        Assert.That(exception!.Message, Is.EqualTo("API key pk_unknown does not exist"));
    }

    [TestCase("pk_abc123", true)]
    [TestCase("pk_", false)]
    [TestCase("sk_abc123", false)]
    [TestCase("pk_abc:sk_def", false)]
    [TestCase("", false)]
    public void TheValidator_AcceptsOnlyAWellFormedPublicKey(string publicKey, bool valid)
    {
        var result = new RevokeApiKeyCommandValidator().Validate(new RevokeApiKeyCommand(publicKey));

        Assert.That(result.IsValid, Is.EqualTo(valid));
        if (!valid)
        {
            Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo(RevokeApiKeyCommandValidator.MalformedMessage), "the message never echoes what was typed (it may be a secret)");
        }
    }
}
