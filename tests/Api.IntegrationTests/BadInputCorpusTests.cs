using System.Text;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// Several hundred generated and hand-written bad (and a few good) requests, headers, paths,
/// bodies and methods, through real Kestrel, the whole pipeline and a real PostgreSQL. Every
/// answer is the contract's JSON with a known code and the matching status (or 200 with a valid
/// token for input that really is valid), never a 5xx other than the documented 503, and no
/// stored row changes except last_used_at of a valid key.
/// </summary>
public sealed class BadInputCorpusTests
{
    private const int MinimumCases = 200;

    private static readonly Dictionary<string, int> StatusOfCode = new(StringComparer.Ordinal)
    {
        ["unauthorized"] = 401,
        ["invalid_key"] = 401,
        ["rate_limited"] = 429,
        ["payload_too_large"] = 413,
        ["unsupported_media_type"] = 415,
        ["invalid_request"] = 400,
        ["validation_error"] = 400,
        ["not_found"] = 404,
        ["method_not_allowed"] = 405,
        ["service_unavailable"] = 503,
    };

    private enum Expect
    {
        /// <summary>Really valid: must answer 200 with a token.</summary>
        Issued,

        /// <summary>Invalid: must answer a contract error.</summary>
        Refused,

        /// <summary>Either is defensible (e.g. a trailing slash); only the shape is checked.</summary>
        Either,
    }

    private sealed record Case(string Name, string Method, string Path, string? Authorization, byte[]? Body, string? ContentType, Expect Expect)
    {
        public List<(string Name, string Value)> Headers { get; init; } = [];
    }

    [Test]
    public async Task EveryCase_AnswersTheContractsJson_NeverA5xx_AndChangesNoStoredRow()
    {
        await using var api = await TestApi.StartAsync("corpus", new Dictionary<string, string?>
        {
            // Exercise every check, not just the throttles (those have their own tests).
            ["RateLimiting:PerKeyTokenLimit"] = "100000",
            ["RateLimiting:FailedAuthPerAddressTokenLimit"] = "100000",
        }, kestrel: true);
        var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
        var other = await factory.CreateTenantAsync();
        var (revokedId, revoked) = await factory.AddKeyAsync(tenant.OrganizationId);
        await factory.RevokeKeyAsync(revokedId);
        var (_, expired) = await factory.AddKeyAsync(tenant.OrganizationId, DateTimeOffset.UtcNow.AddMinutes(-1));
        var deletedAgent = await factory.AddAgentAsync(tenant.OrganizationId, deleted: true);
        var validKeys = new[] { tenant.ApiKeyId, other.ApiKeyId };
        var cases = Generate(tenant, other, revoked, expired, deletedAgent).ToList();
        Assert.That(cases, Has.Count.GreaterThanOrEqualTo(MinimumCases));
        Assert.That(cases.Select(c => c.Name), Is.Unique);

        var before = await DatabaseSnapshot.TakeAsync(factory.ConnectionString);
        var problems = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var item in cases)
        {
            using var response = await client.SendAsync(BuildRequest(item));
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var problem = await CheckAsync(item, response);
            if (problem is not null)
            {
                problems.Add($"{item.Name}: {problem}");
            }
        }

        // A token issued is a session: one new ledger row per 2xx, and nothing else changed.
        await factory.Services.GetRequiredService<SessionWriter>().FlushAsync();
        var after = await DatabaseSnapshot.TakeAsync(factory.ConnectionString);
        TestContext.Out.WriteLine($"{cases.Count} cases; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key} x {s.Value}"))}");
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
        static bool IsSession(string row) => row.StartsWith("sessions: ", StringComparison.Ordinal);
        Assert.That(after.Rows.Where(r => !IsSession(r)), Is.EqualTo(before.Rows.Where(r => !IsSession(r))), "no stored row changed (last_used_at and the sessions of issued tokens aside)");
        Assert.That(after.Rows.Count(IsSession) - before.Rows.Count(IsSession), Is.EqualTo(statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value)), "one session per token issued");
        foreach (var (keyId, lastUsed) in before.LastUsedAt.Where(k => !validKeys.Contains(k.Key)))
        {
            Assert.That(after.LastUsedAt[keyId], Is.EqualTo(lastUsed), $"last_used_at of the invalid key {keyId}");
        }
    }

    private static HttpRequestMessage BuildRequest(Case item)
    {
        var request = new HttpRequestMessage(new HttpMethod(item.Method), item.Path);
        if (item.Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", item.Authorization);
        }

        if (item.Body is not null)
        {
            request.Content = new ByteArrayContent(item.Body);
            if (item.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", item.ContentType);
            }
        }

        foreach (var (name, value) in item.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static async Task<string?> CheckAsync(Case item, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500 && status != 503)
        {
            return $"answered {status}";
        }

        if (item.Expect == Expect.Issued && status != 200)
        {
            return $"valid input answered {status}: {await response.Content.ReadAsStringAsync()}";
        }

        if (item.Expect == Expect.Refused && status == 200)
        {
            return "invalid input was issued a token";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return $"answered {status} with content type '{response.Content.Headers.ContentType}'";
        }

        if (item.Method == "HEAD")
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        JsonElement body;
        try
        {
            body = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            return $"answered {status} with a body that is not JSON: {text}";
        }

        if (status == 200)
        {
            // The full check of an issued token; a failure fails the test here, naming the case.
            try
            {
                await response.AssertIssuedAsync(TokenEndpoint.Contract);
                return null;
            }
            catch (AssertionException failure)
            {
                return "issued a token that fails the contract's checks: " + failure.Message;
            }
        }

        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String
            || !body.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String || message.GetString()!.Length == 0)
        {
            return $"answered {status} without the contract's error shape: {text}";
        }

        if (!StatusOfCode.TryGetValue(error.GetString()!, out var expected) || expected != status)
        {
            return $"answered {status} with error code '{error.GetString()}'";
        }

        return text.Contains("   at ", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal) || text.Contains("Npgsql", StringComparison.Ordinal)
            ? $"leaks internals: {text}"
            : null;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static IEnumerable<Case> Generate(TestTenant tenant, TestTenant other, ApiKeyCredentials revoked, ApiKeyCredentials expired, Guid deletedAgent)
    {
        var path = tenant.TokenPath();
        var auth = tenant.Authorization;
        var pk = tenant.Credentials.PublicKey;
        var sk = tenant.Credentials.Secret;
        var pair = $"{pk}:{sk}";
        var emptyObject = Utf8("{}");
        const string Json = "application/json";

        Case Post(string name, string? authorization, Expect expect, byte[]? body = null, string? contentType = Json, string? onPath = null) =>
            new(name, "POST", onPath ?? path, authorization, body ?? emptyObject, contentType, expect);

        // ---- Authorization ---------------------------------------------------------------
        var authorizations = new (string Name, string? Value, Expect Expect)[]
        {
            ("valid", auth, Expect.Issued),
            ("lowercase scheme", "bearer " + pair, Expect.Issued),
            ("uppercase scheme", "BEARER " + pair, Expect.Issued),
            ("extra spaces", "Bearer    " + pair, Expect.Issued),
            ("trailing space", "Bearer " + pair + " ", Expect.Either),
            ("tab separator", "Bearer\t" + pair, Expect.Either),
            ("missing", null, Expect.Refused),
            ("empty", "", Expect.Refused),
            ("blank", "   ", Expect.Refused),
            ("scheme only", "Bearer", Expect.Refused),
            ("scheme and space", "Bearer ", Expect.Refused),
            ("basic", "Basic " + Convert.ToBase64String(Utf8(pair)), Expect.Refused),
            ("digest", "Digest username=\"x\", realm=\"y\"", Expect.Refused),
            ("token scheme", "Token " + pair, Expect.Refused),
            ("apikey scheme", "ApiKey " + pair, Expect.Refused),
            ("no scheme", pair, Expect.Refused),
            ("public only", "Bearer " + pk, Expect.Refused),
            ("secret only", "Bearer " + sk, Expect.Refused),
            ("empty public", "Bearer :" + sk, Expect.Refused),
            ("empty secret", "Bearer " + pk + ":", Expect.Refused),
            ("swapped", $"Bearer {sk}:{pk}", Expect.Refused),
            ("extra part", $"Bearer {pair}:extra", Expect.Refused),
            ("secret uppercased", $"Bearer {pk}:{sk.ToUpperInvariant()}", Expect.Refused),
            ("secret truncated", $"Bearer {pk}:{sk[..^1]}", Expect.Refused),
            ("secret extended", $"Bearer {pair}x", Expect.Refused),
            ("prefix uppercased", $"Bearer PK_{pk[3..]}:SK_{sk[3..]}", Expect.Refused),
            ("revoked key", $"Bearer {revoked.PublicKey}:{revoked.Secret}", Expect.Refused),
            ("expired key", $"Bearer {expired.PublicKey}:{expired.Secret}", Expect.Refused),
            ("unknown key", "Bearer pk_unknownKey123:sk_unknownSecret456", Expect.Refused),
            ("another organization's key", other.Authorization, Expect.Refused),
            ("sql in public", "Bearer pk_' OR '1'='1:sk_x", Expect.Refused),
            ("sql in secret", $"Bearer {pk}:sk_x' OR '1'='1' --", Expect.Refused),
            ("longest well formed", $"Bearer pk_{new string('a', 125)}:sk_{new string('b', 125)}", Expect.Refused),
            ("too long parts", $"Bearer pk_{new string('a', 126)}:sk_{new string('b', 126)}", Expect.Refused),
            ("8 KiB", $"Bearer pk_{new string('a', 8 * 1024)}:sk_b", Expect.Refused),
            ("jwt", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", Expect.Refused),
            ("percent escapes", "Bearer pk_%41%42:sk_%43", Expect.Refused),
            ("two pairs", $"Bearer {pair}, Bearer {pair}", Expect.Refused),
            ("non-base62", "Bearer pk_abc-def:sk_ghi.jkl", Expect.Refused),
            ("nested scheme", "Bearer Bearer " + pair, Expect.Refused),
        };
        foreach (var (name, value, expect) in authorizations)
        {
            yield return Post($"auth: {name}", value, expect);
        }

        yield return Post("auth: header given twice", null, Expect.Refused) with { Headers = [("Authorization", auth), ("Authorization", auth)] };
        yield return Post("auth: valid key on another organization's agent", auth, Expect.Refused, onPath: tenant.TokenPath(other.AgentId));

        // ---- Content types -----------------------------------------------------------------
        var named = Utf8("""{"visitorName":"A"}""");
        var contentTypes = new (string? Value, Expect Expect)[]
        {
            ("application/json", Expect.Issued),
            ("Application/JSON", Expect.Issued),
            ("application/json; charset=utf-8", Expect.Issued),
            ("application/json;charset=UTF-8", Expect.Issued),
            ("application/json; charset=utf8", Expect.Issued),
            ("application/json; charset=\"utf-8\"", Expect.Issued),
            ("application/json; charset=\"latin1\"", Expect.Refused),
            ("application/json; foo=bar", Expect.Either),
            ("application/json; charset=utf-16", Expect.Refused),
            ("application/json; charset=latin1", Expect.Refused),
            ("application/json; charset=", Expect.Either),
            ("text/json", Expect.Refused),
            ("text/plain", Expect.Refused),
            ("text/html", Expect.Refused),
            ("application/x-www-form-urlencoded", Expect.Refused),
            ("multipart/form-data; boundary=x", Expect.Refused),
            ("application/xml", Expect.Refused),
            ("application/problem+json", Expect.Refused),
            ("application/vnd.api+json", Expect.Refused),
            ("application/json-patch+json", Expect.Refused),
            ("*/*", Expect.Refused),
            ("application/*", Expect.Refused),
            ("json", Expect.Refused),
            (";;;", Expect.Refused),
            ("application/json, text/plain", Expect.Either),
            (null, Expect.Refused),
        };
        foreach (var (value, expect) in contentTypes)
        {
            yield return Post($"content type: {value ?? "none"}", auth, expect, named, value);
        }

        yield return Post("content type: text/plain with an empty body", auth, Expect.Issued, [], "text/plain");
        yield return Post("content type: none with an empty body", auth, Expect.Issued, [], null);

        // ---- Field values: expectation for roomName, visitorId, visitorName ---------------
        var issuedRoom = RoomName.FromShortName(tenant.AgentId, tenant.OrganizationId, "corpus-room").Value;
        var foreignRoom = RoomName.FromShortName(other.AgentId, other.OrganizationId, "corpus-room").Value;
        const Expect I = Expect.Issued, R = Expect.Refused, E = Expect.Either;
        var values = new (string Name, string Json, Expect Room, Expect Id, Expect Display)[]
        {
            ("one letter", "\"a\"", I, I, I),
            ("the page's example", "\"support-room-001\"", I, I, I),
            ("64 characters", $"\"{new string('a', 64)}\"", I, I, I),
            ("65 characters", $"\"{new string('a', 65)}\"", R, I, I),
            ("128 characters", $"\"{new string('a', 128)}\"", R, I, I),
            ("129 characters", $"\"{new string('a', 129)}\"", R, R, R),
            ("15000 characters", $"\"{new string('a', 15000)}\"", R, R, R),
            ("empty", "\"\"", I, I, I),
            ("blank", "\"   \"", I, I, I),
            ("padded", "\"  padded  \"", I, I, I),
            ("inner space", "\"a b\"", R, R, I),
            ("hash", "\"a#b\"", R, R, I),
            ("bell", "\"a\\u0007b\"", R, R, R),
            ("escaped nul", "\"a\\u0000b\"", R, R, R),
            ("newline", "\"a\\nb\"", R, R, R),
            ("tab", "\"a\\tb\"", R, R, R),
            ("delete", "\"a\\u007Fb\"", R, R, R),
            ("c1 control", "\"a\\u0085b\"", R, R, R),
            ("accents", "\"José Núñez\"", R, R, I),
            ("accented word", "\"José\"", R, I, I),
            ("emoji", "\"😀\"", R, I, I),
            ("64 emoji", $"\"{string.Concat(Enumerable.Repeat("😀", 64))}\"", R, I, I),
            ("65 emoji", $"\"{string.Concat(Enumerable.Repeat("😀", 65))}\"", R, R, R),
            ("path traversal", "\"../../etc/passwd\"", R, I, I),
            ("script tag", "\"<script>alert(1)</script>\"", R, I, I),
            ("sql", "\"' OR '1'='1\"", R, R, I),
            ("log4shell", "\"${jndi:ldap://x/a}\"", R, I, I),
            ("percent nul", "\"%00\"", R, I, I),
            ("crlf escape text", "\"a\\r\\nSet-Cookie: x=y\"", R, R, R),
            // Identities must be in a safe form: no format characters, NFKC-stable (issue 12, item 7).
            ("right-to-left override", "\"\\u202Eevil\"", R, R, I),
            ("zero width space", "\"\\u200B\"", R, R, I),
            ("one dot leader", "\"user\\u2024123\"", R, R, I),
            ("fullwidth letters", "\"\\uFF55ser\"", R, R, I),
            ("no-break space only", "\"\\u00A0\"", E, E, E),
            ("lone surrogate escape", "\"\\ud83d\"", R, R, R),
            ("room prefix only", "\"agentsgt-room-\"", R, I, I),
            ("this agent's full room", $"\"{issuedRoom}\"", I, I, I),
            ("another organization's full room", $"\"{foreignRoom}\"", R, I, I),
            ("full room uppercased", $"\"{issuedRoom.ToUpperInvariant()}\"", R, I, I),
            ("number", "5", R, R, R),
            ("float", "1.5e300", R, R, R),
            ("true", "true", R, R, R),
            ("array", "[\"a\"]", R, R, R),
            ("object", "{\"a\":\"b\"}", R, R, R),
            ("null", "null", I, I, I),
        };
        foreach (var (name, json, room, id, display) in values)
        {
            yield return Post($"roomName: {name}", auth, room, Utf8($"{{\"roomName\":{json}}}"));
            yield return Post($"visitorId: {name}", auth, id, Utf8($"{{\"visitorId\":{json}}}"));
            yield return Post($"visitorName: {name}", auth, display, Utf8($"{{\"visitorName\":{json}}}"));
        }

        // ---- Whole bodies --------------------------------------------------------------------
        var exactly16KiB = "{\"unknown\":\"" + new string('x', (16 * 1024) - 14) + "\"}";
        var bodies = new (string Name, byte[] Body, Expect Expect)[]
        {
            ("empty object", Utf8("{}"), I),
            ("empty", [], I),
            ("whitespace", Utf8(" \r\n\t "), I),
            ("all fields", Utf8("""{"roomName":"r1","visitorId":"v1","visitorName":"V"}"""), I),
            ("unknown fields", Utf8("""{"unknown":{"deep":[1,2,{"x":null}]},"n":1e308}"""), I),
            ("exactly 16 KiB", Utf8(exactly16KiB), Encoding.UTF8.GetByteCount(exactly16KiB) == 16 * 1024 ? I : throw new InvalidOperationException("not 16 KiB")),
            ("16 KiB and one byte", Utf8(exactly16KiB + " "), R),
            ("json null", Utf8("null"), R),
            ("array", Utf8("[]"), R),
            ("string", Utf8("\"x\""), R),
            ("number", Utf8("1"), R),
            ("true", Utf8("true"), R),
            ("open brace", Utf8("{"), R),
            ("close brace", Utf8("}"), R),
            ("missing value", Utf8("""{"roomName":}"""), R),
            ("duplicate unknown field", Utf8("""{"a":1,"a":2}"""), E),
            ("duplicate field", Utf8("""{"roomName":"a","roomName":"b"}"""), R),
            ("case-variant field of the wrong type", Utf8("""{"ROOMNAME":5}"""), E),
            ("nesting 33 deep", Utf8("{\"u\":" + new string('[', 33) + new string(']', 33) + "}"), R),
            ("utf-8 bom", [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}'], E),
            ("raw nul", [(byte)'{', 0, (byte)'}'], R),
            ("invalid utf-8", [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xFF, (byte)'"', (byte)'}'], R),
            ("trailing garbage", Utf8("""{"roomName":"a"}garbage"""), R),
            ("comment", Utf8("/* c */{}"), R),
            ("trailing comma", Utf8("""{"roomName":"a",}"""), R),
            ("nan", Utf8("""{"u":NaN}"""), R),
            ("single quotes", Utf8("{'roomName':'a'}"), R),
            ("unquoted name", Utf8("{roomName:\"a\"}"), R),
            ("escaped name", Utf8("""{"\u0072oomName":"a"}"""), I),
            ("form encoded", Utf8("roomName=a&visitorId=b"), R),
            ("xml", Utf8("<roomName>a</roomName>"), R),
        };
        foreach (var (name, body, expect) in bodies)
        {
            yield return Post($"body: {name}", auth, expect, body);
        }

        // ---- Paths ---------------------------------------------------------------------------
        var agent = tenant.AgentId.ToString("D");
        var paths = new (string Name, string Path, Expect Expect)[]
        {
            ("canonical", path, I),
            ("uppercase agent id", $"/api/v1/agents/{agent.ToUpperInvariant()}/livekit/token", I),
            ("uppercase path", $"/API/V1/AGENTS/{agent}/LIVEKIT/TOKEN", E),
            ("trailing slash", path + "/", E),
            ("query string", path + "?x=1", E),
            ("agent id in the query", path + $"?agentId={other.AgentId}", E),
            ("long query string", path + "?q=" + new string('q', 2000), E),
            ("not a uuid", "/api/v1/agents/not-a-uuid/livekit/token", R),
            ("empty uuid", $"/api/v1/agents/{Guid.Empty}/livekit/token", R),
            ("unknown agent", $"/api/v1/agents/{Guid.NewGuid()}/livekit/token", R),
            ("another organization's agent", other.TokenPath(), R),
            ("deleted agent", tenant.TokenPath(deletedAgent), R),
            ("braced uuid", $"/api/v1/agents/{{{agent}}}/livekit/token", R),
            ("uuid without dashes", $"/api/v1/agents/{tenant.AgentId:N}/livekit/token", R),
            // Guid.TryParseExact trims whitespace: the same agent, so a token is defensible.
            ("uuid with a space", $"/api/v1/agents/{agent}%20/livekit/token", E),
            ("uuid with a matrix parameter", $"/api/v1/agents/{agent};x=1/livekit/token", R),
            ("encoded dots", "/api/v1/agents/%2e%2e/livekit/token", R),
            ("encoded slashes", "/api/v1/agents/..%2f..%2f/livekit/token", R),
            ("encoded slash in the id", $"/api/v1/agents/{agent}%2Flivekit%2Ftoken", R),
            ("1000 character id", $"/api/v1/agents/{new string('a', 1000)}/livekit/token", R),
            ("non-ascii id", "/api/v1/agents/%C3%A4%C3%B6/livekit/token", R),
            ("sql id", "/api/v1/agents/'%20OR%201=1--/livekit/token", R),
            ("empty id", "/api/v1/agents//livekit/token", R),
            ("extra segment", path + "/extra", R),
            ("missing segment", $"/api/v1/agents/{agent}/livekit", R),
            ("lowercase last segment", $"/api/v1/agents/{agent}/livekit/TOKEN", E),
            ("other version", $"/api/v2/agents/{agent}/livekit/token", R),
            ("api root", "/api", R),
            ("api root slash", "/api/", R),
            ("api v1", "/api/v1", R),
            ("double slashes", $"/api//v1//agents/{agent}/livekit/token", E),
        };
        foreach (var (name, target, expect) in paths)
        {
            yield return Post($"path: {name}", auth, expect, onPath: target);
        }

        // ---- Methods -------------------------------------------------------------------------
        foreach (var method in new[] { "GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "FOO" })
        {
            yield return new Case($"method: {method} on the token path", method, path, auth, null, null, Expect.Refused);
            yield return new Case($"method: {method} on a bad agent", method, "/api/v1/agents/x/livekit/token", null, null, null, Expect.Refused);
            yield return new Case($"method: {method} on an unknown route", method, "/api/nothing", auth, null, null, Expect.Refused);
        }

        yield return new Case("method: PUT with a body", "PUT", path, auth, emptyObject, Json, Expect.Refused);

        // ---- Other headers -----------------------------------------------------------------
        var headers = new (string Name, string Value, Expect Expect)[]
        {
            ("X-Forwarded-For", "203.0.113.1", I),
            ("X-Forwarded-Host", "evil.example", I),
            ("X-Forwarded-Proto", "https", I),
            ("X-HTTP-Method-Override", "DELETE", I),
            ("X-Original-URL", "/admin", I),
            ("Accept", "text/html", I),
            ("Accept", "application/xml", I),
            ("Accept-Encoding", "gzip, br", I),
            ("Content-Encoding", "gzip", E),
            ("Cookie", "session=abc", I),
            ("Origin", "https://evil.example", I),
            ("Range", "bytes=0-1", I),
            ("If-None-Match", "*", I),
            ("Expect", "100-continue", I),
            ("Connection", "close", I),
            ("X-Large", new string('h', 4 * 1024), I),
        };
        foreach (var (name, value, expect) in headers)
        {
            yield return Post($"header: {name}: {value[..Math.Min(value.Length, 40)]}", auth, expect) with { Headers = [(name, value)] };
        }

        yield return Post("header: 40 extra headers", auth, Expect.Issued) with { Headers = Enumerable.Range(0, 40).Select(i => ($"X-Extra-{i}", "1")).ToList() };
    }
}
