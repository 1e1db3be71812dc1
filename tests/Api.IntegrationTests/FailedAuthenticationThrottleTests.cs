using System.Diagnostics;
using Agentsgt.Api.RateLimiting;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// The per-address budget of failed authentications: 401s use it up, then that address gets 429
/// before any database call, while valid keys it verified recently, and other addresses, go on.
/// The address comes from X-Forwarded-For only via configured proxies (tested on real Kestrel).
/// </summary>
public sealed class FailedAuthenticationThrottleTests
{
    private static Dictionary<string, string?> Budget(int failures, double periodSeconds = 60) => new()
    {
        ["RateLimiting:FailedAuthPerAddressTokenLimit"] = failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:FailedAuthPerAddressTokensPerPeriod"] = "1",
        ["RateLimiting:FailedAuthPerAddressReplenishmentSeconds"] = periodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? authorization, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        return client.SendAsync(request);
    }

    /// <summary>Counts the SQL commands Npgsql runs against the given database (its ActivitySource, one activity per command).</summary>
    private sealed class DatabaseCommandCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public DatabaseCommandCounter(string connectionString)
        {
            var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.TagObjects.Any(tag => Equals(tag.Value, database)))
                    {
                        Interlocked.Increment(ref _count);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }

    [Test]
    public async Task FailedAuthentications_UseUpTheAddressBudget_ThenAnswer429WithoutADatabaseCall()
    {
        await using var api = await TestApi.StartAsync("throttle", Budget(3));
        // The service's own start-up statements (change listener, CORS origins) are no attempt's.
        await api.Factory.StartupLoadsDoneAsync();
        using var commands = new DatabaseCommandCounter(api.Factory.ConnectionString);
        var (client, tenant) = (api.Client, api.Tenant);
        var wrongSecret = $"Bearer {tenant.Credentials.PublicKey}:sk_wrongGuess1";

        await (await PostAsync(client, tenant.TokenPath(), wrongSecret)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await PostAsync(client, tenant.TokenPath(), "Bearer pk_unknown1:sk_guess")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await PostAsync(client, tenant.TokenPath(), null)).AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized");

        var commandsBefore = commands.Count;
        var throttled = await PostAsync(client, tenant.TokenPath(), wrongSecret);
        await throttled.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited", "Too many requests");
        Assert.That(throttled.Headers.RetryAfter?.Delta?.TotalSeconds, Is.EqualTo(60));
        await (await PostAsync(client, tenant.TokenPath(), "Bearer pk_unknown2:sk_guess")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        // Contract check 1 comes first: a malformed header is 401 unauthorized even from a throttled address.
        await (await PostAsync(client, tenant.TokenPath(), "Basic abc")).AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.That(commands.Count, Is.EqualTo(commandsBefore), "a throttled attempt never reaches the database");
        Assert.That(commandsBefore, Is.GreaterThan(0), "the counter sees database commands at all");
    }

    [Test]
    public async Task SuccessfulCalls_DoNotUseTheBudget()
    {
        await using var api = await TestApi.StartAsync("throttleok", Budget(2));

        for (var i = 0; i < 5; i++)
        {
            Assert.That((await PostAsync(api.Client, api.Tenant.TokenPath(), api.Tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await (await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer pk_unknown1:sk_guess")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer pk_unknown1:sk_guess")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer pk_unknown1:sk_guess")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task ABurstOfValidCalls_LargerThanTheBudget_IsHeldNotRefused_BeforeTheKeyIsVerified()
    {
        // Each lookup reserves a failure until it is known to be valid (issue 12.4), so 40 calls
        // at once with a key this instance has not verified yet would find a budget of 3 spent;
        // they wait for the reservations under way instead, and all succeed.
        await using var api = await TestApi.StartAsync("throttleburst", Budget(3));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(async () => (await PostAsync(api.Client, api.Tenant.TokenPath(), api.Tenant.Authorization)).StatusCode)));

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AKeyVerifiedRecently_KeepsWorking_WhileAGuesserOnTheSameAddressIsThrottled()
    {
        await using var api = await TestApi.StartAsync("throttletrust", Budget(2));
        var (client, legit) = (api.Client, api.Tenant);
        var unseen = await api.Factory.CreateTenantAsync();
        Assert.That((await PostAsync(client, legit.TokenPath(), legit.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        for (var i = 0; i < 3; i++)
        {
            await PostAsync(client, legit.TokenPath(), $"Bearer pk_guess{i}:sk_guess");
        }

        await (await PostAsync(client, legit.TokenPath(), "Bearer pk_guess9:sk_guess")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That((await PostAsync(client, legit.TokenPath(), legit.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a pair verified by this instance is exempt");
        // Only the exact verified pair is exempt, not its public key with another secret.
        await (await PostAsync(client, legit.TokenPath(), $"Bearer {legit.Credentials.PublicKey}:sk_wrongSecret")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        // A key this instance has not verified yet shares its address's budget (docs/decisions.md).
        await (await PostAsync(client, unseen.TokenPath(), unseen.Authorization)).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task ARevokedKey_LosesItsExemption()
    {
        await using var api = await TestApi.StartAsync("throttlerevoke", Budget(1));
        Assert.That((await PostAsync(api.Client, api.Tenant.TokenPath(), api.Tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await api.Factory.RevokeKeyAsync(api.Tenant.ApiKeyId);

        await (await PostAsync(api.Client, api.Tenant.TokenPath(), api.Tenant.Authorization)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await PostAsync(api.Client, api.Tenant.TokenPath(), api.Tenant.Authorization)).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task TheBudgetRefills_AfterItsPeriod()
    {
        await using var api = await TestApi.StartAsync("throttlerefill", Budget(1, periodSeconds: 1));
        await (await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer pk_guess:sk_guess")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        var throttled = await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer pk_guess:sk_guess");
        await throttled.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await (await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer pk_guess:sk_guess")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
    }

    [Test]
    public async Task XForwardedFor_IsIgnored_WhenNoProxyIsConfigured()
    {
        await using var api = await TestApi.StartAsync("xffignored", Budget(2), kestrel: true);
        var (client, tenant) = (api.Client, api.Tenant);

        // A client cannot escape its budget by claiming a new address on every attempt.
        await (await PostAsync(client, tenant.TokenPath(), "Bearer pk_guess:sk_guess", "203.0.113.1")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await PostAsync(client, tenant.TokenPath(), "Bearer pk_guess:sk_guess", "203.0.113.2")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await PostAsync(client, tenant.TokenPath(), "Bearer pk_guess:sk_guess", "203.0.113.3")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [TestCase("ForwardedHeaders:KnownProxies", "127.0.0.1")]
    [TestCase("ForwardedHeaders:KnownProxies:0", "127.0.0.1")]
    [TestCase("ForwardedHeaders:KnownNetworks", "10.0.0.0/8, 127.0.0.0/8")]
    public async Task XForwardedFor_FromAConfiguredProxy_GivesEachClientItsOwnBudget(string setting, string value)
    {
        var settings = Budget(2);
        settings[setting] = value;
        await using var api = await TestApi.StartAsync("xfftrusted", settings, kestrel: true);
        var (client, tenant) = (api.Client, api.Tenant);

        await PostAsync(client, tenant.TokenPath(), "Bearer pk_guess:sk_guess", "203.0.113.66");
        await PostAsync(client, tenant.TokenPath(), "Bearer pk_guess:sk_guess", "203.0.113.66");
        await (await PostAsync(client, tenant.TokenPath(), "Bearer pk_guess:sk_guess", "203.0.113.66")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");

        // Another client behind the proxy has its own budget.
        await (await PostAsync(client, tenant.TokenPath(), "Bearer pk_guess:sk_guess", "198.51.100.7")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        Assert.That((await PostAsync(client, tenant.TokenPath(), tenant.Authorization, "198.51.100.8")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // Only the hop our proxy appended counts: what the client put before it is not trusted.
        await (await PostAsync(client, tenant.TokenPath(), "Bearer pk_guess:sk_guess", "198.51.100.9, 203.0.113.66")).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [TestCase("203.0.113.9", "203.0.113.9")]
    [TestCase("::ffff:203.0.113.9", "203.0.113.9")]
    [TestCase("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64")]
    [TestCase(null, "unknown")]
    public void PartitionsByAddress_AndByIPv6Slash64(string? address, string partition)
    {
        Assert.That(FailedAuthenticationThrottle.PartitionKey(address is null ? null : IPAddress.Parse(address)), Is.EqualTo(partition));
    }

    [Test]
    public async Task APublishableKeysPublicPart_EarnsNoExemption()
    {
        await using var api = await TestApi.StartAsync("throttle_publishable", Budget(2));
        var (_, publicKey) = await api.Factory.AddPublishableKeyAsync(api.Tenant.OrganizationId, ["https://shop.example.com"]);

        using var allowed = new HttpRequestMessage(HttpMethod.Post, api.Tenant.TokenPath());
        allowed.Headers.TryAddWithoutValidation("Authorization", "Bearer " + publicKey);
        allowed.Headers.TryAddWithoutValidation("Origin", "https://shop.example.com");
        Assert.That((await api.Client.SendAsync(allowed)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        // The public part is in every page that embeds it: it must not lift a guesser's throttle.
        await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer pk_guess1:sk_guess");
        await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer pk_guess2:sk_guess");
        await (await PostAsync(api.Client, api.Tenant.TokenPath(), "Bearer " + publicKey)).AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task HealthProbes_WithoutAKey_NeverUseTheFailedAuthenticationBudget()
    {
        await using var api = await TestApi.StartAsync("throttle_probes", Budget(2));

        for (var i = 0; i < 10; i++)
        {
            Assert.That((await api.Client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await api.Client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await PostAsync(api.Client, api.Tenant.TokenPath(), api.Tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
