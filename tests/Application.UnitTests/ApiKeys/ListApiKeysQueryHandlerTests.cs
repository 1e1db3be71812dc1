using Agentsgt.Application.ApiKeys;
using Agentsgt.Application.ApiKeys.Queries.ListApiKeys;
using Agentsgt.Application.ApiKeys.Queries.ListStalePepperApiKeys;
using Agentsgt.Application.Sessions;

namespace Agentsgt.Application.UnitTests.ApiKeys;

public sealed class ListApiKeysQueryHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly Guid OrganizationId = Guid.NewGuid();

    private Mock<IOrganizationRepository> _organizations = null!;
    private Mock<IApiKeyRepository> _apiKeys = null!;
    private Mock<ISecretHasher> _hasher = null!;
    private Organization _organization = null!;

    [SetUp]
    public void SetUp()
    {
        _organizations = new Mock<IOrganizationRepository>();
        _organizations.Setup(o => o.ExistsAsync(OrganizationId, It.IsAny<CancellationToken>())).ReturnsAsync(true);
        _organization = new Organization(OrganizationId, "Acme", Now.AddDays(-30));
        _organizations.Setup(o => o.GetByIdAsync(OrganizationId, It.IsAny<CancellationToken>())).ReturnsAsync(() => _organization);
        _apiKeys = new Mock<IApiKeyRepository>();
        _hasher = new Mock<ISecretHasher>();
        _hasher.SetupGet(h => h.CurrentPepperId).Returns("B");
    }

    private static ApiKey Key(string publicKey, string pepperId, DateTimeOffset? expiresAt = null, bool revoked = false)
    {
        var key = new ApiKey(Guid.NewGuid(), OrganizationId, "", publicKey, [1], pepperId, Now.AddDays(-10), expiresAt);
        if (revoked)
        {
            key.Revoke(Now.AddDays(-1));
        }

        return key;
    }

    [Test]
    public async Task ListsEveryKey_WithItsStatusAndWhetherItsPepperIsCurrent()
    {
        _apiKeys.Setup(k => k.ListByOrganizationAsync(OrganizationId, It.IsAny<CancellationToken>())).ReturnsAsync(
        [
            Key("pk_active", "B"),
            Key("pk_old", "A", Now.AddDays(1)),
            Key("pk_expired", "B", Now),
            Key("pk_revoked", "B", Now.AddDays(-5), revoked: true),
        ]);

        var list = await new ListApiKeysQueryHandler(_organizations.Object, _apiKeys.Object, _hasher.Object, new SessionPolicy(), new FixedClock(Now))
            .Handle(new ListApiKeysQuery(OrganizationId), CancellationToken.None);

        Assert.That(list.CurrentPepperId, Is.EqualTo("B"));
        Assert.That(list.ApiKeys.Select(k => (k.PublicKey, k.Status, k.PepperIsCurrent)), Is.EqualTo(new[]
        {
            ("pk_active", ApiKeyDto.Active, true),
            ("pk_old", ApiKeyDto.Active, false),
            ("pk_expired", ApiKeyDto.Expired, true),
            ("pk_revoked", ApiKeyDto.Revoked, true),
        }));
    }

    [Test]
    public async Task EachKeyShowsItsEffectiveCaps_AndWhereEachComesFrom()
    {
        var own = Key("pk_own", "B");
        own.SetMaxConcurrentSessions(3);
        own.SetMaxSessionSeconds(90);
        _organization.SetMaxConcurrentSessions(20);
        _apiKeys.Setup(k => k.ListByOrganizationAsync(OrganizationId, It.IsAny<CancellationToken>())).ReturnsAsync([own, Key("pk_inherits", "B")]);
        var policy = new SessionPolicy { DefaultMaxSessionSeconds = 1800 };

        var list = await new ListApiKeysQueryHandler(_organizations.Object, _apiKeys.Object, _hasher.Object, policy, new FixedClock(Now))
            .Handle(new ListApiKeysQuery(OrganizationId), CancellationToken.None);

        Assert.That(list.ApiKeys[0].SessionCaps, Is.EqualTo(new EffectiveSessionCapsDto(3, 20, "organization", 90, "key")));
        Assert.That(list.ApiKeys[1].SessionCaps, Is.EqualTo(new EffectiveSessionCapsDto(null, 20, "organization", 1800, "configuration")));
    }

    [Test]
    public async Task AnUnknownOrganization_IsNotFound_RatherThanAnEmptyList()
    {
        var handler = new ListApiKeysQueryHandler(_organizations.Object, _apiKeys.Object, _hasher.Object, new SessionPolicy(), new FixedClock(Now));

        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new ListApiKeysQuery(Guid.NewGuid()), CancellationToken.None));
    }

    [Test]
    public async Task TheStaleListing_AsksForWorkingKeysNotOnTheCurrentPepper()
    {
        _apiKeys.Setup(k => k.ListActiveNotOnPepperAsync("B", null, Now, It.IsAny<CancellationToken>())).ReturnsAsync([Key("pk_old", "A")]);

        var list = await new ListStalePepperApiKeysQueryHandler(_organizations.Object, _apiKeys.Object, _hasher.Object, new FixedClock(Now))
            .Handle(new ListStalePepperApiKeysQuery(null), CancellationToken.None);

        Assert.That(list.ApiKeys.Select(k => (k.PublicKey, k.PepperId, k.PepperIsCurrent)), Is.EqualTo(new[] { ("pk_old", "A", false) }));
        _organizations.Verify(o => o.ExistsAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Test]
    public async Task TheStaleListing_ChecksAGivenOrganization()
    {
        var handler = new ListStalePepperApiKeysQueryHandler(_organizations.Object, _apiKeys.Object, _hasher.Object, new FixedClock(Now));

        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new ListStalePepperApiKeysQuery(Guid.NewGuid()), CancellationToken.None));
        _apiKeys.Verify(k => k.ListActiveNotOnPepperAsync(It.IsAny<string>(), It.IsAny<Guid?>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
