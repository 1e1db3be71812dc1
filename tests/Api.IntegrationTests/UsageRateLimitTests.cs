namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// The usage endpoints share the token endpoints' per-key rate limit, and its 429 answers before
/// a publishable key's 403 and a bad query's 400.
/// </summary>
public sealed class UsageRateLimitTests : ApiFixture
{
    private const string Shop = "https://shop.example.com";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PerKeyTokenLimit"] = "2",
        ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
        ["RateLimiting:PerKeyReplenishmentSeconds"] = "3600",
        ["RateLimiting:PublishablePerKeyTokenLimit"] = "1",
        ["RateLimiting:PublishablePerKeyTokensPerPeriod"] = "1",
        ["RateLimiting:PublishablePerKeyReplenishmentSeconds"] = "3600",
    };

    [Test]
    public async Task ASecretKeysBudget_IsSharedWithTheTokenEndpoint_And429ComesBefore400()
    {
        var tenant = await Factory.CreateTenantAsync();
        var token = await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);
        Assert.That(token.StatusCode, Is.EqualTo(HttpStatusCode.OK), await token.Content.ReadAsStringAsync());
        Assert.That((await Client.GetAsync("/api/v1/usage", tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var limited = await Client.GetAsync("/api/v1/sessions?limit=0", tenant.Authorization);

        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited", "Too many requests");
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task APublishableKeyOverItsLimit_Gets429_Before403()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (_, publishable) = await Factory.AddPublishableKeyAsync(tenant.OrganizationId, [Shop]);
        await (await Client.GetAsync("/api/v1/usage", $"Bearer {publishable}", Shop)).AssertErrorAsync(HttpStatusCode.Forbidden, "forbidden", "This key cannot read usage");

        await (await Client.GetAsync("/api/v1/usage", $"Bearer {publishable}", Shop)).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
