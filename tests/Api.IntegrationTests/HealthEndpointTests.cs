namespace Agentsgt.Api.IntegrationTests;

/// <summary>/health/live and /health/ready as a load balancer sees them.</summary>
public sealed class HealthEndpointTests
{
    private static async Task<JsonElement> GetHealthAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Test]
    public async Task Live_AndReady_AreHealthy_WhenTheDatabaseIsMigrated_AndLiveKitIsConfigured()
    {
        await using var factory = await ApiFactory.CreateAsync("healthok");
        using var client = factory.CreateClient();

        var live = await GetHealthAsync(client, "/health/live", HttpStatusCode.OK);
        var ready = await GetHealthAsync(client, "/health/ready", HttpStatusCode.OK);

        Assert.That(live.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        var checks = ready.GetProperty("checks");
        Assert.That(checks.GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(checks.GetProperty("database").GetProperty("data").GetProperty("pendingMigrations").GetInt32(), Is.Zero);
        Assert.That(checks.GetProperty("livekit").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(checks.GetProperty("livekit").GetProperty("data").GetProperty("configured").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Ready_IsDegradedButStillReady_WhenLiveKitIsNotConfigured()
    {
        await using var factory = await ApiFactory.CreateAsync("healthnolivekit", new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = "",
            ["LIVEKIT_URL"] = "",
        });
        using var client = factory.CreateClient();

        var ready = await GetHealthAsync(client, "/health/ready", HttpStatusCode.OK);

        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
        var livekit = ready.GetProperty("checks").GetProperty("livekit");
        Assert.That(livekit.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
        Assert.That(livekit.GetProperty("data").GetProperty("configured").GetBoolean(), Is.False);
        Assert.That(livekit.GetProperty("description").GetString(), Does.Contain("LIVEKIT_URL"));
    }

    [Test]
    public async Task Ready_IsUnavailable_WhenMigrationsArePending()
    {
        await using var factory = await ApiFactory.CreateAsync("healthunmigrated", migrate: false);
        using var client = factory.CreateClient();

        var ready = await GetHealthAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);
        await GetHealthAsync(client, "/health/live", HttpStatusCode.OK);

        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        var database = ready.GetProperty("checks").GetProperty("database");
        Assert.That(database.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(database.GetProperty("data").GetProperty("pendingMigrations").GetInt32(), Is.GreaterThan(0));
        Assert.That(database.GetProperty("description").GetString(), Does.Contain("db migrate"));
    }

    [Test]
    public async Task Ready_IsUnavailable_WhenTheDatabaseIsUnreachable_AndSaysNoMoreThanThat()
    {
        await using var factory = ApiFactory.WithUnreachableDatabase();
        using var client = factory.CreateClient();

        var ready = await GetHealthAsync(client, "/health/ready", HttpStatusCode.ServiceUnavailable);
        await GetHealthAsync(client, "/health/live", HttpStatusCode.OK);

        var database = ready.GetProperty("checks").GetProperty("database");
        Assert.That(database.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(ready.ToString(), Does.Not.Contain("127.0.0.1").And.Not.Contain("Host=").And.Not.Contain("   at "));
    }

    [Test]
    public async Task HealthEndpoints_NeedNoCredentials_IgnoreBadOnes_AndAreNotRateLimited()
    {
        await using var api = await TestApi.StartAsync("healthopen", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "1",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
        });

        foreach (var authorization in new[] { null, "Bearer garbage", api.Tenant.Authorization, api.Tenant.Authorization, api.Tenant.Authorization })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            var response = await api.Client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), authorization ?? "(none)");
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.That((await api.Client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }
}
