using System.Text.Json.Nodes;
using Agentsgt.Application.Sessions;
using Agentsgt.Domain.Entities;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// <c>GET /api/v1/sessions</c> and <c>GET /api/v1/usage</c> on real PostgreSQL, over ledger rows
/// written with known times: scope, order, pages, filters, sums, and the order of checks.
/// </summary>
public sealed class UsageEndpointTests : ApiFixture
{
    private const string Shop = "https://shop.example.com";
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private static async Task<JsonElement> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Test]
    public async Task Sessions_AreTheOrganizationsOwn_NewestFirst_WithEveryField()
    {
        var tenant = await Factory.CreateTenantAsync();
        var other = await Factory.CreateTenantAsync();
        var ended = await Factory.AddSessionAsync(tenant, Day, Day.AddSeconds(2), Day.AddSeconds(62.5));
        var open = await Factory.AddSessionAsync(tenant, Day.AddMinutes(5));
        await Factory.AddSessionAsync(other, Day.AddMinutes(1), Day.AddMinutes(1), Day.AddMinutes(2));

        var json = await OkJsonAsync(await Client.GetAsync("/api/v1/sessions", tenant.Authorization));

        var sessions = json.GetProperty("sessions");
        Assert.That(sessions.EnumerateArray().Select(s => s.GetProperty("sessionId").GetGuid()), Is.EqualTo(new[] { open.Id, ended.Id }));
        Assert.That(json.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var first = sessions[1];
        Assert.That(first.GetProperty("agentId").GetGuid(), Is.EqualTo(tenant.AgentId));
        Assert.That(first.GetProperty("publicKey").GetString(), Is.EqualTo(tenant.Credentials.PublicKey));
        Assert.That(first.GetProperty("roomName").GetString(), Is.EqualTo(ended.RoomName));
        Assert.That(first.GetProperty("visitorId").GetString(), Is.EqualTo(ended.Identity));
        Assert.That(first.GetProperty("issuedAt").GetString(), Is.EqualTo("2026-11-02T00:00:00Z"));
        Assert.That(first.GetProperty("joinedAt").GetString(), Is.EqualTo("2026-11-02T00:00:02Z"));
        Assert.That(first.GetProperty("endedAt").GetString(), Is.EqualTo("2026-11-02T00:01:02.5Z"));
        Assert.That(first.GetProperty("endReason").GetString(), Is.EqualTo("left"));
        Assert.That(first.GetProperty("seconds").GetInt64(), Is.EqualTo(61), "60.5 s rounds up");
        var never = sessions[0];
        Assert.That(never.GetProperty("joinedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(never.GetProperty("endedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(never.GetProperty("endReason").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(never.GetProperty("seconds").GetInt64(), Is.Zero);
    }

    [Test]
    public async Task Sessions_PageWithOpaqueCursors_EachSessionOnce_TiesIncluded()
    {
        var tenant = await Factory.CreateTenantAsync();
        var expected = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            // Pairs share an issue time: the cursor must order ties by id, not skip or repeat them.
            expected.Add((await Factory.AddSessionAsync(tenant, Day.AddSeconds(i / 2))).Id);
        }

        var seen = new List<Guid>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var path = "/api/v1/sessions?limit=3" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var json = await OkJsonAsync(await Client.GetAsync(path, tenant.Authorization));
            seen.AddRange(json.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetGuid()));
            cursor = json.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(seen, Is.EquivalentTo(expected));
        Assert.That(seen, Is.Unique);
    }

    [Test]
    public async Task Sessions_RangeAndAgent_FilterByIssueTime_AndDefaultLimitIs50()
    {
        var tenant = await Factory.CreateTenantAsync();
        var secondAgent = await Factory.AddAgentAsync(tenant.OrganizationId);
        for (var i = 0; i < 52; i++)
        {
            await Factory.AddSessionAsync(tenant, Day.AddMinutes(i));
        }

        var ofSecond = await Factory.AddSessionAsync(tenant.OrganizationId, secondAgent, tenant.ApiKeyId, Day.AddMinutes(10).AddSeconds(30));

        var page = await OkJsonAsync(await Client.GetAsync("/api/v1/sessions", tenant.Authorization));
        Assert.That(page.GetProperty("sessions").GetArrayLength(), Is.EqualTo(50));
        Assert.That(page.GetProperty("nextCursor").GetString(), Is.Not.Empty);

        var ranged = await OkJsonAsync(await Client.GetAsync("/api/v1/sessions?from=2026-11-02T00:10:00Z&to=2026-11-02T00:12:00Z", tenant.Authorization));
        Assert.That(
            ranged.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("issuedAt").GetString()),
            Is.EqualTo(new[] { "2026-11-02T00:11:00Z", "2026-11-02T00:10:30Z", "2026-11-02T00:10:00Z" }));

        var agentOnly = await OkJsonAsync(await Client.GetAsync($"/api/v1/sessions?agentId={secondAgent}", tenant.Authorization));
        Assert.That(agentOnly.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetGuid()), Is.EqualTo(new[] { ofSecond.Id }));
    }

    [Test]
    public async Task AnotherOrganizationsAgent_MatchesNothing_NotA404()
    {
        var tenant = await Factory.CreateTenantAsync();
        var other = await Factory.CreateTenantAsync();
        await Factory.AddSessionAsync(other, Day, Day, Day.AddMinutes(1));

        var json = await OkJsonAsync(await Client.GetAsync($"/api/v1/sessions?agentId={other.AgentId}", tenant.Authorization));

        Assert.That(json.GetProperty("sessions").GetArrayLength(), Is.Zero);
        Assert.That(json.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task ATamperedCursor_OrOneFromOtherFilters_IsAValidationError()
    {
        var tenant = await Factory.CreateTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            await Factory.AddSessionAsync(tenant, Day.AddSeconds(i));
        }

        var cursor = (await OkJsonAsync(await Client.GetAsync("/api/v1/sessions?limit=1", tenant.Authorization))).GetProperty("nextCursor").GetString()!;
        var tampered = cursor[..5] + (cursor[5] == 'A' ? 'B' : 'A') + cursor[6..];
        var other = await Factory.CreateTenantAsync();

        foreach (var (authorization, path) in new[]
        {
            (tenant.Authorization, "/api/v1/sessions?cursor=" + Uri.EscapeDataString(tampered)),
            (tenant.Authorization, "/api/v1/sessions?cursor=not-a-cursor"),
            (tenant.Authorization, $"/api/v1/sessions?agentId={tenant.AgentId}&cursor=" + Uri.EscapeDataString(cursor)),
            (other.Authorization, "/api/v1/sessions?cursor=" + Uri.EscapeDataString(cursor)),
        })
        {
            var json = await (await Client.GetAsync(path, authorization)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error", "One or more fields are invalid");
            Assert.That(json.GetProperty("details").GetProperty("cursor")[0].GetString(), Is.EqualTo(UsageQueryValues.CursorMessage), path);
        }
    }

    [TestCase("/api/v1/sessions?limit=0", "limit", UsageQueryValues.LimitMessage)]
    [TestCase("/api/v1/sessions?limit=101", "limit", UsageQueryValues.LimitMessage)]
    [TestCase("/api/v1/sessions?limit=ten", "limit", UsageQueryValues.LimitMessage)]
    [TestCase("/api/v1/sessions?limit=-1", "limit", UsageQueryValues.LimitMessage)]
    [TestCase("/api/v1/sessions?agentId=bot-1", "agentId", UsageQueryValues.AgentIdMessage)]
    [TestCase("/api/v1/sessions?from=yesterday", "from", UsageQueryValues.TimeMessage)]
    [TestCase("/api/v1/sessions?to=2026-13-01T00:00:00Z", "to", UsageQueryValues.TimeMessage)]
    [TestCase("/api/v1/sessions?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "to", UsageQueryValues.RangeMessage)]
    [TestCase("/api/v1/usage?from=2026-11-02T00:00:00", "from", UsageQueryValues.TimeMessage)]
    [TestCase("/api/v1/usage?to=1700000000", "to", UsageQueryValues.TimeMessage)]
    [TestCase("/api/v1/usage?from=2026-11-02&to=2026-11-02", "to", UsageQueryValues.RangeMessage)]
    [TestCase("/api/v1/usage?groupBy=week", "groupBy", UsageQueryValues.GroupByMessage)]
    [TestCase("/api/v1/usage?groupBy=Agent", "groupBy", UsageQueryValues.GroupByMessage)]
    public async Task BadQueryValues_AreValidationErrors_NamedAsTheQueryNamesThem(string path, string parameter, string message)
    {
        var json = await (await Client.GetAsync(path, Tenant.Authorization)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error", "One or more fields are invalid");

        Assert.That(json.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { parameter }));
        Assert.That(json.GetProperty("details").GetProperty(parameter)[0].GetString(), Is.EqualTo(message));
    }

    [TestCase("/api/v1/sessions")]
    [TestCase("/api/v1/usage")]
    public async Task OrderOfChecks_401_Then403ForPublishableKeys_Then400(string path)
    {
        var (_, publishable) = await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop]);
        var (revokedId, revoked) = await Factory.AddKeyAsync(Tenant.OrganizationId);
        await Factory.RevokeKeyAsync(revokedId);
        var badQuery = path + "?from=never&limit=0&groupBy=week";

        await (await Client.GetAsync(badQuery, null)).AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Unauthorized");
        await (await Client.GetAsync(badQuery, "Basic abc")).AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Unauthorized");
        await (await Client.GetAsync(badQuery, $"Bearer {Tenant.Credentials.PublicKey}:sk_wrongwrongwrong")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        await (await Client.GetAsync(badQuery, $"Bearer {revoked.PublicKey}:{revoked.Secret}")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        await (await Client.GetAsync(badQuery, $"Bearer {publishable}")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");

        var forbidden = await Client.GetAsync(badQuery, $"Bearer {publishable}", Shop);
        await forbidden.AssertErrorAsync(HttpStatusCode.Forbidden, "forbidden", "This key cannot read usage");
        Assert.That(forbidden.Headers.CacheControl?.NoStore, Is.True);

        await (await Client.GetAsync(badQuery, Tenant.Authorization)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
        await OkJsonAsync(await Client.GetAsync(path, Tenant.Authorization));
    }

    /// <summary>
    /// A scripted two days of sessions: per agent, per key and per UTC day of the join, the sums
    /// are those of the sessions' own rounded-up durations; unjoined sessions and joins outside
    /// [from, to) do not count.
    /// </summary>
    [Test]
    public async Task Usage_OfAScriptedDay_IsTheSumOfTheSessionsDurations_PerAgentKeyAndDay()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (secondKey, secondCredentials) = await Factory.AddKeyAsync(tenant.OrganizationId);
        var agents = new[] { tenant.AgentId, await Factory.AddAgentAsync(tenant.OrganizationId) };
        var keys = new[] { tenant.ApiKeyId, secondKey };
        var publicKeys = new[] { tenant.Credentials.PublicKey, secondCredentials.PublicKey };
        var counted = new (int Agent, int Key, TimeSpan Joined, TimeSpan Ended)[]
        {
            (0, 0, new TimeSpan(8, 0, 0), new TimeSpan(8, 10, 0)),
            (0, 1, new TimeSpan(9, 0, 0), new TimeSpan(0, 9, 0, 30, 200)),
            (1, 0, new TimeSpan(23, 59, 50), new TimeSpan(1, 0, 0, 20)),
            (1, 1, new TimeSpan(1, 12, 0, 0, 500), new TimeSpan(1, 12, 45, 0)),
            (0, 0, new TimeSpan(1, 18, 30, 0), new TimeSpan(1, 18, 30, 0, 1)),
        };
        foreach (var (agent, key, joined, ended) in counted)
        {
            await Factory.AddSessionAsync(tenant.OrganizationId, agents[agent], keys[key], Day + joined - TimeSpan.FromSeconds(3), Day + joined, Day + ended);
        }

        // Not counted: never joined, joined before from, joined at to (exclusive), another organization's.
        await Factory.AddSessionAsync(tenant.OrganizationId, agents[0], keys[0], Day.AddHours(10), endedAt: Day.AddHours(10).AddMinutes(1), reason: SessionEndReason.NeverJoined);
        await Factory.AddSessionAsync(tenant.OrganizationId, agents[0], keys[0], Day.AddSeconds(-10), Day.AddSeconds(-1), Day.AddMinutes(10));
        await Factory.AddSessionAsync(tenant.OrganizationId, agents[1], keys[0], Day.AddDays(2).AddSeconds(-1), Day.AddDays(2), Day.AddDays(2).AddMinutes(5));
        var other = await Factory.CreateTenantAsync();
        await Factory.AddSessionAsync(other, Day.AddHours(8), Day.AddHours(8), Day.AddHours(9));

        static long Seconds(TimeSpan joined, TimeSpan ended) => (long)Math.Ceiling((ended - joined).TotalSeconds);
        var byGrouping = new Dictionary<string, Func<(int Agent, int Key, TimeSpan Joined, TimeSpan Ended), string>>
        {
            ["agent"] = s => agents[s.Agent].ToString("D"),
            ["key"] = s => publicKeys[s.Key],
            ["day"] = s => (Day + s.Joined).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (groupBy, keyOf) in byGrouping)
        {
            var json = await OkJsonAsync(await Client.GetAsync($"/api/v1/usage?from=2026-11-02T00:00:00Z&to=2026-11-04T00:00:00Z&groupBy={groupBy}", tenant.Authorization));

            var expected = counted.GroupBy(keyOf).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new JsonObject { ["key"] = g.Key, ["sessions"] = g.Count(), ["seconds"] = g.Sum(s => Seconds(s.Joined, s.Ended)) });
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(json.GetProperty("groups").GetRawText()), new JsonArray([.. expected])), Is.True, $"{groupBy}: {json}");
            Assert.That(json.GetProperty("total").GetProperty("sessions").GetInt64(), Is.EqualTo(counted.Length), groupBy);
            Assert.That(json.GetProperty("total").GetProperty("seconds").GetInt64(), Is.EqualTo(600 + 31 + 30 + 2700 + 1), groupBy);
            Assert.That(json.GetProperty("from").GetString(), Is.EqualTo("2026-11-02T00:00:00Z"));
            Assert.That(json.GetProperty("to").GetString(), Is.EqualTo("2026-11-04T00:00:00Z"));
        }
    }

    [Test]
    public async Task Usage_CountsAnOpenSessionUpToNow_OverTheLast30DaysByDefault()
    {
        var tenant = await Factory.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        await Factory.AddSessionAsync(tenant, now.AddSeconds(-95), now.AddSeconds(-90));
        await Factory.AddSessionAsync(tenant, now.AddDays(-31), now.AddDays(-31), now.AddDays(-31).AddMinutes(1));

        var json = await OkJsonAsync(await Client.GetAsync("/api/v1/usage", tenant.Authorization));

        var to = DateTimeOffset.Parse(json.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var from = DateTimeOffset.Parse(json.GetProperty("from").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(to, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(to - from, Is.EqualTo(TimeSpan.FromDays(30)));
        Assert.That(json.GetProperty("total").GetProperty("sessions").GetInt64(), Is.EqualTo(1));
        Assert.That(json.GetProperty("total").GetProperty("seconds").GetInt64(), Is.InRange(90, 150));
        Assert.That(json.GetProperty("groups")[0].GetProperty("key").GetString(), Is.EqualTo(now.AddSeconds(-90).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "grouped by day by default");
    }

    [TestCase("/api/v1/usage?to=0001-01-02T00:00:00Z")]
    [TestCase("/api/v1/usage?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z")]
    [TestCase("/api/v1/usage?from=9999-12-31T23:59:59Z")]
    [TestCase("/api/v1/sessions?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59.9999999Z")]
    public async Task TheEdgesOfTime_AreAnswered_NotAFailure(string path)
    {
        var json = await OkJsonAsync(await Client.GetAsync(path, Tenant.Authorization));

        Assert.That(json.ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [Test]
    public async Task Usage_AcceptsOffsets_AndAPlusSignThatArrivedAsASpace()
    {
        var tenant = await Factory.CreateTenantAsync();
        await Factory.AddSessionAsync(tenant, Day.AddHours(1), Day.AddHours(1), Day.AddHours(1).AddSeconds(10));

        // 02:00+02:00 is midnight UTC; an unencoded '+' reaches the server as a space.
        var json = await OkJsonAsync(await Client.GetAsync("/api/v1/usage?from=2026-11-02T02:00:00+02:00&to=2026-11-02T01:00:01Z", tenant.Authorization));

        Assert.That(json.GetProperty("from").GetString(), Is.EqualTo("2026-11-02T00:00:00Z"));
        Assert.That(json.GetProperty("total").GetProperty("seconds").GetInt64(), Is.EqualTo(10));
    }
}
