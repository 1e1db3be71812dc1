using Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

namespace Agentsgt.Application.UnitTests.ApiKeys;

public sealed class CreateApiKeyCommandHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly Guid OrganizationId = Guid.NewGuid();
    private static readonly byte[] Hash = [9, 9, 9];

    private Mock<IOrganizationRepository> _organizations = null!;
    private Mock<IApiKeyRepository> _apiKeys = null!;
    private Mock<ISecretHasher> _hasher = null!;
    private ApiKey? _stored;

    [SetUp]
    public void SetUp()
    {
        _organizations = new Mock<IOrganizationRepository>();
        _organizations.Setup(o => o.ExistsAsync(OrganizationId, It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _apiKeys = new Mock<IApiKeyRepository>();
        _apiKeys.Setup(k => k.AddAsync(It.IsAny<ApiKey>(), It.IsAny<CancellationToken>()))
            .Callback<ApiKey, CancellationToken>((key, _) => _stored = key)
            .Returns(Task.CompletedTask);
        _hasher = new Mock<ISecretHasher>();
        _hasher.SetupGet(h => h.CurrentPepperId).Returns("B");
        _hasher.Setup(h => h.Hash(It.IsAny<string>())).Returns(Hash);
    }

    private CreateApiKeyCommandHandler Handler() => new(_organizations.Object, _apiKeys.Object, _hasher.Object, new FixedClock(Now));

    [Test]
    public async Task StoresOnlyTheHashUnderTheCurrentPepper_AndReturnsTheSecretOnce()
    {
        var created = await Handler().Handle(new CreateApiKeyCommand(OrganizationId, " prod ", null), CancellationToken.None);

        Assert.That(created.PublicKey, Does.Match("^pk_[0-9A-Za-z]{24}$"));
        Assert.That(created.Secret, Does.Match("^sk_[0-9A-Za-z]{40}$"));
        Assert.That(created.PepperId, Is.EqualTo("B"));
        _hasher.Verify(h => h.Hash(created.Secret), Times.Once);
        Assert.That(_stored, Is.Not.Null);
        Assert.That(_stored!.SecretHash, Is.EqualTo(Hash));
        Assert.That(_stored.PepperId, Is.EqualTo("B"));
        Assert.That(_stored.PublicKey, Is.EqualTo(created.PublicKey));
        Assert.That(_stored.Name, Is.EqualTo("prod"));
        Assert.That(_stored.OrganizationId, Is.EqualTo(OrganizationId));
        Assert.That(_stored.CreatedAt, Is.EqualTo(Now));
        Assert.That(_stored.ExpiresAt, Is.Null);
    }

    [Test]
    public async Task ExpiresTheGivenDurationFromNow()
    {
        var created = await Handler().Handle(new CreateApiKeyCommand(OrganizationId, null, TimeSpan.FromDays(90)), CancellationToken.None);

        Assert.That(created.ExpiresAt, Is.EqualTo(Now.AddDays(90)));
        Assert.That(_stored!.ExpiresAt, Is.EqualTo(Now.AddDays(90)));
        Assert.That(_stored.Name, Is.Empty);
    }

    [Test]
    public async Task MakesADifferentKeyEveryTime()
    {
        var first = await Handler().Handle(new CreateApiKeyCommand(OrganizationId, null, null), CancellationToken.None);
        var second = await Handler().Handle(new CreateApiKeyCommand(OrganizationId, null, null), CancellationToken.None);

        Assert.That(second.PublicKey, Is.Not.EqualTo(first.PublicKey));
        Assert.That(second.Secret, Is.Not.EqualTo(first.Secret));
    }

    [Test]
    public async Task RejectsAnUnknownOrganization_WithoutStoringAnything()
    {
        var unknown = Guid.NewGuid();

        var exception = await Assert.ThrowsAsync<NotFoundException>(() => Handler().Handle(new CreateApiKeyCommand(unknown, null, null), CancellationToken.None));

        Assert.That(exception!.Message, Is.EqualTo($"organization {unknown:D} does not exist"));
        _apiKeys.Verify(k => k.AddAsync(It.IsAny<ApiKey>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task TheResultNeverPrintsTheSecret()
    {
        var created = await Handler().Handle(new CreateApiKeyCommand(OrganizationId, null, null), CancellationToken.None);

        Assert.That(created.ToString(), Does.Contain(created.PublicKey).And.Not.Contain(created.Secret));
        Assert.That(created.ApiKey, Is.EqualTo($"{created.PublicKey}:{created.Secret}"));
    }
}
