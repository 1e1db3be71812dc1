using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// What is configurable about publishable keys: their stricter rate limits (per key and per client
/// address, 429 + Retry-After) and how long the preflight origin cache may lag behind the database.
/// </summary>
public sealed class PublishableKeyLimitsTests
{
    private const string Shop = "https://shop.example.test";

    // The test host has no network connection; this header stands in for the client's address.
    private const string TestAddressHeader = "X-Test-Remote-Address";

    /// <summary>An API with each request's client address taken from <see cref="TestAddressHeader"/>.</summary>
    private static Task<TestApi> StartWithClientAddressesAsync(string name, IDictionary<string, string?> settings) =>
        TestApi.StartAsync(name, settings, services: services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());

    private static HttpRequestMessage From(HttpRequestMessage request, string address)
    {
        request.Headers.Add(TestAddressHeader, address);
        return request;
    }

    [Test]
    public async Task APublishableKey_HasItsOwnLowerPerKeyLimit_AnsweredWith429AndRetryAfter()
    {
        await using var api = await StartWithClientAddressesAsync("publishable_perkey", new Dictionary<string, string?>
        {
            ["RateLimiting:PublishablePerKeyTokenLimit"] = "2",
            ["RateLimiting:PublishablePerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PublishablePerKeyReplenishmentSeconds"] = "60",
        });
        var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
        var (_, key) = await factory.AddPublishableKeyAsync(tenant.OrganizationId, [Shop]);

        // Different addresses: only the key's own bucket is in play.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.SendAsync(From(PublishableKeyTests.Post(tenant.TokenPath(), $"Bearer {key}", Shop), $"192.0.2.{i + 1}"))).StatusCode);
        }

        var limited = await client.SendAsync(From(PublishableKeyTests.Post(tenant.TokenPath(), $"Bearer {key}", Shop), "192.0.2.99"));
        var secretKey = await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited", "Too many requests");
        Assert.That(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1));
        Assert.That(limited.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Shop }), "the page can read the 429");
        Assert.That(secretKey.StatusCode, Is.EqualTo(HttpStatusCode.OK), "secret keys keep their own, higher limit");
    }

    [Test]
    public async Task OneClientAddress_IsLimitedAcrossPublishableKeys_WhileOtherAddressesAreNot()
    {
        await using var api = await StartWithClientAddressesAsync("publishable_peraddress", new Dictionary<string, string?>
        {
            ["RateLimiting:PublishablePerAddressTokenLimit"] = "2",
            ["RateLimiting:PublishablePerAddressTokensPerPeriod"] = "1",
            ["RateLimiting:PublishablePerAddressReplenishmentSeconds"] = "60",
        });
        var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
        var (_, first) = await factory.AddPublishableKeyAsync(tenant.OrganizationId, [Shop]);
        var (_, second) = await factory.AddPublishableKeyAsync(tenant.OrganizationId, [Shop]);

        var a1 = await client.SendAsync(From(PublishableKeyTests.Post(tenant.TokenPath(), $"Bearer {first}", Shop), "198.51.100.7"));
        var a2 = await client.SendAsync(From(PublishableKeyTests.Post(tenant.TokenPath(), $"Bearer {second}", Shop), "198.51.100.7"));
        var a3 = await client.SendAsync(From(PublishableKeyTests.Post(tenant.TokenPath(), $"Bearer {second}", Shop), "198.51.100.7"));
        var b1 = await client.SendAsync(From(PublishableKeyTests.Post(tenant.TokenPath(), $"Bearer {first}", Shop), "198.51.100.8"));
        var secretFromA = await client.SendAsync(From(PublishableKeyTests.Post(tenant.TokenPath(), tenant.Authorization, null), "198.51.100.7"));

        Assert.That(a1.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(a2.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await a3.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(a3.Headers.Contains("Retry-After"), Is.True);
        Assert.That(b1.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another address has its own budget");
        Assert.That(secretFromA.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the address limit is for publishable keys only");
    }

    [Test]
    public async Task ARevokedKeysOrigin_StopsPassingPreflights_WithinTheRefreshInterval_WhileItsPostsAreRefusedAtOnce()
    {
        await using var api = await TestApi.StartAsync("publishable_cache", new Dictionary<string, string?>
        {
            ["Cors:PublishableOriginsRefreshSeconds"] = "1",
        });
        var (keyId, key) = await api.Factory.AddPublishableKeyAsync(api.Tenant.OrganizationId, [Shop]);

        var before = await api.Client.SendAsync(PublishableKeyTests.Preflight(api.Tenant.TokenPath(), Shop));
        await api.Factory.RevokeKeyAsync(keyId);
        var post = await api.Client.SendAsync(PublishableKeyTests.Post(api.Tenant.TokenPath(), $"Bearer {key}", Shop));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var after = await api.Client.SendAsync(PublishableKeyTests.Preflight(api.Tenant.TokenPath(), Shop));

        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await post.AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        Assert.That(after.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task ANewKeysOrigin_PassesPreflights_AfterTheRefreshInterval()
    {
        await using var api = await TestApi.StartAsync("publishable_cachenew", new Dictionary<string, string?>
        {
            ["Cors:PublishableOriginsRefreshSeconds"] = "1",
        });

        var before = await api.Client.SendAsync(PublishableKeyTests.Preflight(api.Tenant.TokenPath(), Shop));
        await api.Factory.AddPublishableKeyAsync(api.Tenant.OrganizationId, [Shop]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var after = await api.Client.SendAsync(PublishableKeyTests.Preflight(api.Tenant.TokenPath(), Shop));

        Assert.That(before.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(after.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Shop }));
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[TestAddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
