namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// Contract rows that need a differently configured service (checks 4, 8 and 9), each test on its
/// own API, once for each token endpoint.
/// </summary>
[TestFixtureSource(typeof(TokenEndpoint), nameof(TokenEndpoint.Both))]
public sealed class ConfigurationAndOutageTests(TokenEndpoint endpoint)
{
    private static readonly Dictionary<string, string?> TwoRequestsABucket = new()
    {
        ["RateLimiting:PerKeyTokenLimit"] = "2",
        ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
        ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
    };

    private TokenEndpoint Other => endpoint.IsTokenSource ? TokenEndpoint.Contract : TokenEndpoint.TokenSource;

    private Task<TestApi> StartAsync(string name, IDictionary<string, string?>? settings = null, LogCapture? logs = null) =>
        TestApi.StartAsync($"{name}_{endpoint.Name}", settings, logs);

    [Test]
    public async Task Check4_RateLimited_WhenAKeyExceedsItsBucket()
    {
        await using var api = await StartAsync("ratelimit", TwoRequestsABucket);
        var other = await api.Factory.CreateTenantAsync();

        Assert.That((await api.PostAsync(endpoint.Path(api.Tenant.AgentId))).StatusCode, Is.EqualTo(endpoint.SuccessStatus));
        Assert.That((await api.PostAsync(endpoint.Path(api.Tenant.AgentId))).StatusCode, Is.EqualTo(endpoint.SuccessStatus));
        var limited = await api.PostAsync(endpoint.Path(api.Tenant.AgentId));

        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited", "Too many requests");
        Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That((await api.Client.PostTokenAsync(endpoint.Path(other.AgentId), other.Authorization)).StatusCode, Is.EqualTo(endpoint.SuccessStatus), "another key has its own bucket");
    }

    [Test]
    public async Task Check4_RateLimited_SharingOneBucketPerKeyWithTheOtherEndpoint()
    {
        await using var api = await StartAsync("ratelimitshared", TwoRequestsABucket);

        Assert.That((await api.PostAsync(Other.Path(api.Tenant.AgentId))).StatusCode, Is.EqualTo(Other.SuccessStatus));
        Assert.That((await api.PostAsync(endpoint.Path(api.Tenant.AgentId))).StatusCode, Is.EqualTo(endpoint.SuccessStatus));
        var limited = await api.PostAsync(endpoint.Path(api.Tenant.AgentId));

        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited", "Too many requests");
        Assert.That(limited.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public async Task Check4_ComesAfterKeyValidation_AndBeforeTheBody()
    {
        await using var api = await StartAsync("ratelimitorder", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "1",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
        });
        var path = endpoint.Path(api.Tenant.AgentId);
        await api.PostAsync(path);

        await (await api.Client.PostTokenAsync(path, $"Bearer {api.Tenant.Credentials.PublicKey}:sk_wrong")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await api.PostAsync(path, "{oops")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task Check8_ConfigError_WhenLiveKitIsNotConfigured()
    {
        await using var api = await StartAsync("nolivekit", new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = "",
            ["LiveKit:ApiKey"] = "",
            ["LiveKit:ApiSecret"] = "",
            ["LIVEKIT_URL"] = "",
            ["LIVEKIT_API_KEY"] = "",
            ["LIVEKIT_API_SECRET"] = "",
        });

        await (await api.PostAsync(endpoint.Path(api.Tenant.AgentId))).AssertErrorAsync(HttpStatusCode.InternalServerError, "config_error", "Voice chat not available");
        await (await api.PostAsync(endpoint.Path(Guid.NewGuid()))).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task Check8_ConfigError_WhenOnlyPartOfLiveKitIsConfigured()
    {
        await using var api = await StartAsync("partlivekit", new Dictionary<string, string?>
        {
            ["LiveKit:ApiSecret"] = "",
            ["LIVEKIT_API_SECRET"] = "",
        });

        await (await api.PostAsync(endpoint.Path(api.Tenant.AgentId))).AssertErrorAsync(HttpStatusCode.InternalServerError, "config_error", "Voice chat not available");
    }

    [Test]
    public async Task Check8_ConfigError_WhenTheLiveKitUrlIsNotAWebSocketUrl()
    {
        await using var api = await StartAsync("httplivekit", new Dictionary<string, string?> { ["LiveKit:Url"] = "https://example.livekit.cloud" });

        await (await api.PostAsync(endpoint.Path(api.Tenant.AgentId))).AssertErrorAsync(HttpStatusCode.InternalServerError, "config_error");
    }

    [Test]
    public async Task Check8_UsesLiveKitsConventionalEnvironmentNames()
    {
        await using var api = await StartAsync("envlivekit", new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = "",
            ["LiveKit:ApiKey"] = "",
            ["LiveKit:ApiSecret"] = "",
            ["LIVEKIT_URL"] = "ws://localhost:7880",
            ["LIVEKIT_API_KEY"] = "devkey",
            ["LIVEKIT_API_SECRET"] = "secret",
        });

        await (await api.PostAsync(endpoint.Path(api.Tenant.AgentId))).AssertIssuedAsync(endpoint, apiKey: "devkey", apiSecret: "secret", serverUrl: "ws://localhost:7880");
    }

    [Test]
    public async Task Configuration_WarnsAtStartUp_WhenTheLiveKitSecretIsShorterThan32Characters_AndStillSigns()
    {
        const string shortSecret = "Sh0rtS3cretXyz";
        var logs = new LogCapture();
        await using var api = await StartAsync("weaksecret", new Dictionary<string, string?> { ["LiveKit:ApiSecret"] = shortSecret }, logs);

        await (await api.PostAsync(endpoint.Path(api.Tenant.AgentId))).AssertIssuedAsync(endpoint, apiSecret: shortSecret);
        Assert.That(logs.Entries, Has.Some.Contains("shorter than 32 characters"));
        Assert.That(logs.Entries, Has.None.Contains(shortSecret));
    }

    [Test]
    public async Task Check9_ServiceUnavailable_WhenTheDatabaseIsUnreachable()
    {
        await using var factory = ApiFactory.WithUnreachableDatabase();
        using var client = factory.CreateClient();

        var response = await client.PostTokenAsync(endpoint.Path(Guid.NewGuid()), "Bearer pk_abc123:sk_def456");

        var body = await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable", "Service temporarily unavailable");
        Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(body.ToString(), Does.Not.Contain("Npgsql").And.Not.Contain("   at "));
    }
}
