using System.Net;
using Agentsgt.Api.IntegrationTests.Support;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>The token-source endpoint shares the contract endpoint's rate limit bucket and configuration checks.</summary>
public sealed class TokenSourceConfigurationTests
{
    [Test]
    public async Task Check4_RateLimited_SharingOneBucketPerKeyWithTheContractEndpoint()
    {
        await using var factory = await ApiFactory.CreateAsync("tokensourceratelimit", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "2",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
        });
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();

        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.PostTokenAsync(tenant.TokenSourcePath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var limited = await client.PostTokenAsync(tenant.TokenSourcePath(), tenant.Authorization);

        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited", "Too many requests");
        Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Check8_ConfigError_WhenLiveKitIsNotConfigured()
    {
        await using var factory = await ApiFactory.CreateAsync("tokensourcenolivekit", new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = "",
            ["LiveKit:ApiKey"] = "",
            ["LiveKit:ApiSecret"] = "",
        });
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();

        await (await client.PostTokenAsync(tenant.TokenSourcePath(), tenant.Authorization))
            .AssertErrorAsync(HttpStatusCode.InternalServerError, "config_error", "Voice chat not available");
    }

    [Test]
    public async Task Check9_ServiceUnavailable_WhenTheDatabaseIsUnreachable()
    {
        await using var factory = ApiFactory.WithUnreachableDatabase();
        using var client = factory.CreateClient();

        var response = await client.PostTokenAsync("/api/v1/agents/550e8400-e29b-41d4-a716-446655440000/livekit/token-source", "Bearer pk_abc123:sk_def456");

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
    }
}
