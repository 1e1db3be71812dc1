using Agentsgt.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// What the token path does with sessions: every token starts one (its id in the response and
/// the token), uncapped ones are written behind, capped ones are reserved exactly, and a rejoin
/// needs no free slot.
/// </summary>
public sealed class SessionTokenTests : ApiFixture
{
    // Many concurrent requests on one key: the per-key rate limit and the pool must not answer first.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PerKeyTokenLimit"] = "100000",
        ["Database:MaxPoolSize"] = "40",
    };

    private async Task<(Guid KeyId, string Authorization)> KeyAsync(int? maxConcurrent = null, int? maxSeconds = null, Guid? organizationId = null)
    {
        var (keyId, credentials) = await Factory.AddKeyAsync(organizationId ?? Tenant.OrganizationId);
        await using var db = Factory.NewDbContext();
        var key = await db.ApiKeys.AsTracking().SingleAsync(k => k.Id == keyId);
        key.SetMaxConcurrentSessions(maxConcurrent);
        key.SetMaxSessionSeconds(maxSeconds);
        await db.SaveChangesAsync();
        return (keyId, $"Bearer {credentials.PublicKey}:{credentials.Secret}");
    }

    private async Task<Session?> StoredAsync(Guid id)
    {
        await using var db = Factory.NewDbContext();
        return await db.Sessions.SingleOrDefaultAsync(s => s.Id == id);
    }

    private async Task<Session> EventuallyStoredAsync(Guid id)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await StoredAsync(id) is { IsIssued: true } session)
            {
                return session;
            }

            await Task.Delay(100);
        }

        throw new AssertionException($"session {id} was not written within 5 s");
    }

    private static Guid SessionId(JsonElement body) => Guid.Parse(body.GetProperty("sessionId").GetString()!);

    [Test]
    public async Task EveryToken_StartsASession_NamedInTheResponseAndTheToken_WithTheDefaultLength()
    {
        var (body, token) = await (await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization)).AssertIssuedAsync(TokenEndpoint.Contract);

        Assert.That(body.GetProperty("maxSessionSeconds").GetInt32(), Is.EqualTo(3600));
        Assert.That(token.Payload.GetProperty("attributes").GetProperty("agentsgt.sessionId").GetString(), Is.EqualTo(body.GetProperty("sessionId").GetString()));
        var session = await EventuallyStoredAsync(SessionId(body));
        Assert.That(session.ApiKeyId, Is.EqualTo(Tenant.ApiKeyId));
        Assert.That(session.RoomName, Is.EqualTo(body.GetProperty("roomName").GetString()));
        Assert.That(session.Identity, Is.EqualTo(body.GetProperty("visitorId").GetString()));
        Assert.That((session.RandomRoom, session.KeyMaxConcurrentSessions, session.OrganizationMaxConcurrentSessions), Is.EqualTo((true, (int?)null, (int?)null)));
    }

    [Test]
    public async Task ARoomNamedAtRandom_HoldsOneVisitor_AndEndsSoonAfterItLeaves_ANamedRoomDoesNot()
    {
        var (_, random) = await (await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization)).AssertIssuedAsync(TokenEndpoint.Contract);
        var (_, named) = await (await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization, """{"roomName":"support-room-001"}""")).AssertIssuedAsync(TokenEndpoint.Contract);

        var config = random.Payload.GetProperty("roomConfig");
        Assert.That(config.GetProperty("maxParticipants").GetInt32(), Is.EqualTo(1));
        Assert.That(config.GetProperty("departureTimeout").GetInt32(), Is.EqualTo(10));
        Assert.That(named.Payload.TryGetProperty("roomConfig", out _), Is.False);
    }

    [Test]
    public async Task ACappedKey_ReservesItsSessionBeforeAnswering_WithItsOwnLength()
    {
        var (keyId, authorization) = await KeyAsync(maxConcurrent: 5, maxSeconds: 90);

        var (body, _) = await (await Client.PostTokenAsync(Tenant.TokenPath(), authorization)).AssertIssuedAsync(TokenEndpoint.Contract);

        Assert.That(body.GetProperty("maxSessionSeconds").GetInt32(), Is.EqualTo(90));
        var session = await StoredAsync(SessionId(body));
        Assert.That(session, Is.Not.Null, "reserved, not written behind");
        Assert.That((session!.ApiKeyId, session.KeyMaxConcurrentSessions, session.MaxSessionSeconds), Is.EqualTo(((Guid?)keyId, (int?)5, (int?)90)));
    }

    [Test]
    public async Task TheOrganizationsLength_AppliesToAKeyWithoutItsOwn()
    {
        var tenant = await Factory.CreateTenantAsync();
        await using (var db = Factory.NewDbContext())
        {
            var organization = await db.Organizations.AsTracking().SingleAsync(o => o.Id == tenant.OrganizationId);
            organization.SetMaxSessionSeconds(120);
            await db.SaveChangesAsync();
        }

        var (body, _) = await (await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertIssuedAsync(TokenEndpoint.Contract);

        Assert.That(body.GetProperty("maxSessionSeconds").GetInt32(), Is.EqualTo(120));
    }

    [Test]
    public async Task ThreeHundredConcurrentRequests_WithACapOfTen_GetExactlyTenTokens()
    {
        var (keyId, authorization) = await KeyAsync(maxConcurrent: 10);

        var responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Client.PostTokenAsync(Tenant.TokenPath(), authorization)));

        var statuses = responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(statuses, Is.EquivalentTo(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.OK] = 10, [HttpStatusCode.TooManyRequests] = 290 }));
        var refused = await responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests).JsonAsync();
        Assert.That(refused.GetProperty("error").GetString(), Is.EqualTo("session_limit"));
        await using var db = Factory.NewDbContext();
        Assert.That(await db.Sessions.CountAsync(s => s.ApiKeyId == keyId), Is.EqualTo(10));
    }

    [Test]
    public async Task TheOrganizationsCap_CountsAllItsKeys()
    {
        var tenant = await Factory.CreateTenantAsync();
        await using (var db = Factory.NewDbContext())
        {
            var organization = await db.Organizations.AsTracking().SingleAsync(o => o.Id == tenant.OrganizationId);
            organization.SetMaxConcurrentSessions(2);
            await db.SaveChangesAsync();
        }

        var (_, second) = await KeyAsync(organizationId: tenant.OrganizationId);

        Assert.That((await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.PostTokenAsync(tenant.TokenPath(), second)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Client.PostTokenAsync(tenant.TokenPath(), second)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task ARejoin_NeedsNoFreeSlot_AndGetsANewSessionThatContinuesTheChain()
    {
        var (_, authorization) = await KeyAsync(maxConcurrent: 1);
        const string json = """{"roomName":"rejoin-room","visitorId":"visitor-rejoin"}""";
        var (first, _) = await (await Client.PostTokenAsync(Tenant.TokenPath(), authorization, json)).AssertIssuedAsync(TokenEndpoint.Contract);

        Assert.That((await Client.PostTokenAsync(Tenant.TokenPath(), authorization, """{"visitorId":"someone-else"}""")).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var (rejoin, _) = await (await Client.PostTokenAsync(Tenant.TokenPath(), authorization, json)).AssertIssuedAsync(TokenEndpoint.Contract);

        Assert.That(SessionId(rejoin), Is.Not.EqualTo(SessionId(first)));
        Assert.That((await StoredAsync(SessionId(rejoin)))!.ReplacesSessionId, Is.EqualTo(SessionId(first)));
        Assert.That((await Client.PostTokenAsync(Tenant.TokenPath(), authorization, """{"visitorId":"someone-else"}""")).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the chain holds one slot");
    }

    [Test]
    public async Task AnUncappedRejoin_ReadsTheOpenSessionItContinues()
    {
        const string json = """{"roomName":"uncapped-rejoin","visitorId":"visitor-uncapped"}""";
        var (first, _) = await (await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization, json)).AssertIssuedAsync(TokenEndpoint.Contract);
        await EventuallyStoredAsync(SessionId(first));

        var (rejoin, _) = await (await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization, json)).AssertIssuedAsync(TokenEndpoint.Contract);

        Assert.That((await EventuallyStoredAsync(SessionId(rejoin))).ReplacesSessionId, Is.EqualTo(SessionId(first)));
    }

    [Test]
    public async Task ATokenNotJoinedWithinTheWindow_FreesItsSlot()
    {
        await using var shortWindow = ApiFactory.OnDatabase(Factory.ConnectionString, new Dictionary<string, string?> { ["Sessions:JoinWindowSeconds"] = "1" });
        using var client = shortWindow.CreateClient();
        var (_, authorization) = await KeyAsync(maxConcurrent: 1);

        Assert.That((await client.PostTokenAsync(Tenant.TokenPath(), authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.PostTokenAsync(Tenant.TokenPath(), authorization)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.That((await client.PostTokenAsync(Tenant.TokenPath(), authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task SessionsEndedByWebhooks_FreeTheirSlots()
    {
        var (_, authorization) = await KeyAsync(maxConcurrent: 2);
        var issued = new List<JsonElement>();
        for (var i = 0; i < 2; i++)
        {
            issued.Add((await (await Client.PostTokenAsync(Tenant.TokenPath(), authorization)).AssertIssuedAsync(TokenEndpoint.Contract)).Body);
        }

        Assert.That((await Client.PostTokenAsync(Tenant.TokenPath(), authorization)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        foreach (var body in issued)
        {
            var left = LiveKitWebhooks.ParticipantEvent(
                "participant_left", "EV_" + Guid.NewGuid().ToString("N"), body.GetProperty("roomName").GetString()!, "RM_x",
                body.GetProperty("visitorId").GetString()!, SessionId(body), Tenant.OrganizationId, Tenant.AgentId, DateTimeOffset.UtcNow);
            Assert.That((await Client.DeliverAsync(left)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        Assert.That((await Client.PostTokenAsync(Tenant.TokenPath(), authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
