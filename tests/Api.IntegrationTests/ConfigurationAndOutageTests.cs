using System.Net;
using Agentsgt.Api.IntegrationTests.Support;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>Contract rows that need a differently configured service: checks 4, 8 and 9.</summary>
public sealed class ConfigurationAndOutageTests
{
    [Test]
    public async Task Check4_RateLimited_WhenAKeyExceedsItsBucket()
    {
        await using var factory = await ApiFactory.CreateAsync("ratelimit", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "2",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
        });
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();

        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var limited = await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);

        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited", "Too many requests");
        Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That((await client.PostTokenAsync(other.TokenPath(), other.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "another key has its own bucket");
    }

    [Test]
    public async Task Check4_ComesAfterKeyValidation_AndBeforeTheBody()
    {
        await using var factory = await ApiFactory.CreateAsync("ratelimitorder", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "1",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
        });
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();
        await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);

        await (await client.PostTokenAsync(tenant.TokenPath(), $"Bearer {tenant.Credentials.PublicKey}:sk_wrong")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, "{oops")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task Check8_ConfigError_WhenLiveKitIsNotConfigured()
    {
        await using var factory = await ApiFactory.CreateAsync("nolivekit", new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = "",
            ["LiveKit:ApiKey"] = "",
            ["LiveKit:ApiSecret"] = "",
            ["LIVEKIT_URL"] = "",
            ["LIVEKIT_API_KEY"] = "",
            ["LIVEKIT_API_SECRET"] = "",
        });
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();

        await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.InternalServerError, "config_error", "Voice chat not available");
        await (await client.PostTokenAsync(tenant.TokenPath(Guid.NewGuid()), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Check8_ConfigError_WhenOnlyPartOfLiveKitIsConfigured()
    {
        await using var factory = await ApiFactory.CreateAsync("partlivekit", new Dictionary<string, string?>
        {
            ["LiveKit:ApiSecret"] = "",
            ["LIVEKIT_API_SECRET"] = "",
        });
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();

        await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.InternalServerError, "config_error", "Voice chat not available");
    }

    [Test]
    public async Task Check8_ConfigError_WhenTheLiveKitUrlIsNotAWebSocketUrl()
    {
        await using var factory = await ApiFactory.CreateAsync("httplivekit", new Dictionary<string, string?> { ["LiveKit:Url"] = "https://example.livekit.cloud" });
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();

        await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.InternalServerError, "config_error");
    }

    [Test]
    public async Task Check8_UsesLiveKitsConventionalEnvironmentNames()
    {
        await using var factory = await ApiFactory.CreateAsync("envlivekit", new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = "",
            ["LiveKit:ApiKey"] = "",
            ["LiveKit:ApiSecret"] = "",
            ["LIVEKIT_URL"] = "ws://localhost:7880",
            ["LIVEKIT_API_KEY"] = "devkey",
            ["LIVEKIT_API_SECRET"] = "secret",
        });
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();

        var response = await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        var token = Tests.Support.LiveKitTokenReader.Verify(body.GetProperty("token").GetString()!, "secret");
        Assert.That(token.Claim("iss"), Is.EqualTo("devkey"));
        Assert.That(body.GetProperty("serverUrl").GetString(), Is.EqualTo("ws://localhost:7880"));
    }

    [Test]
    public async Task Configuration_WarnsAtStartUp_WhenTheLiveKitSecretIsShorterThan32Characters_AndStillSigns()
    {
        const string shortSecret = "Sh0rtS3cretXyz";
        var logs = new LogCapture();
        await using var factory = await ApiFactory.CreateAsync("weaksecret", new Dictionary<string, string?> { ["LiveKit:ApiSecret"] = shortSecret }, logs: logs);
        using var client = factory.CreateClient();
        var tenant = await factory.CreateTenantAsync();

        var response = await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Tests.Support.LiveKitTokenReader.Verify((await response.JsonAsync()).GetProperty("token").GetString()!, shortSecret);
        Assert.That(logs.Entries, Has.Some.Contains("shorter than 32 characters"));
        Assert.That(logs.Entries, Has.None.Contains(shortSecret));
    }

    [Test]
    public async Task Check9_ServiceUnavailable_WhenTheDatabaseIsUnreachable()
    {
        await using var factory = ApiFactory.WithUnreachableDatabase();
        using var client = factory.CreateClient();

        var response = await client.PostTokenAsync($"/api/v1/agents/{Guid.NewGuid()}/livekit/token", "Bearer pk_abc123:sk_def456");

        var body = await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable", "Service temporarily unavailable");
        Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(body.ToString(), Does.Not.Contain("Npgsql").And.Not.Contain("   at "));
    }
}
