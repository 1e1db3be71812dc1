using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// Bodies and headers at and past the limits, and the time bounds: every answer the app gives is
/// the contract's JSON and a 4xx (or the documented 503), never a hang. Header and request-line
/// limits are Kestrel's, so those run on real Kestrel.
/// </summary>
public sealed class RequestLimitsTests : ApiFixture
{
    protected override async Task<ApiFactory> CreateFactoryAsync()
    {
        var factory = await base.CreateFactoryAsync();
        factory.UseKestrel(0);
        return factory;
    }

    // ---- Bodies ----------------------------------------------------------------------------

    private static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(part => part switch
        {
            string text => Encoding.UTF8.GetBytes(text),
            byte[] raw => raw,
            _ => throw new ArgumentException("string or byte[]", nameof(parts)),
        }).ToArray();

    private static IEnumerable<TestCaseData> InvalidBodies()
    {
        yield return new TestCaseData(Bytes("{\"visitorName\":\"a", new byte[] { 0 }, "b\"}")).SetName("RawNulInsideAString_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"visitorName\":\"ab\"}", new byte[] { 0 })).SetName("RawNulAfterTheObject_IsInvalidRequest");
        yield return new TestCaseData(new byte[] { 0, 0, 0, 0 }).SetName("OnlyNulBytes_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"visitorName\":\"", new byte[] { 0xC3, 0x28 }, "\"}")).SetName("InvalidUtf8InAField_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"unknown\":\"", new byte[] { 0xFF, 0xFE }, "\"}")).SetName("InvalidUtf8InAnIgnoredField_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"", new byte[] { 0xC0, 0xAF }, "\":1}")).SetName("OverlongUtf8InAPropertyName_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"visitorName\":\"", new byte[] { 0xED, 0xA0, 0x80 }, "\"}")).SetName("Utf8EncodedSurrogate_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"visitorName\":\"", new byte[] { 0xE2, 0x82 }, "\"}")).SetName("TruncatedUtf8Sequence_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"unknown\":" + new string('[', 33) + new string(']', 33) + "}")).SetName("NestingPast32Levels_IsInvalidRequest");
        yield return new TestCaseData(Bytes(new string('[', 16_000))).SetName("SixteenThousandOpenBrackets_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2001))).SetName("DeeplyNestedObjects_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"roomName\":1e999999}")).SetName("HugeNumberForAString_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"roomName\":\"a\"")).SetName("UnterminatedObject_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{'roomName':'a'}")).SetName("SingleQuotes_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"roomName\":\"a\",}")).SetName("TrailingComma_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{/*c*/\"roomName\":\"a\"}")).SetName("Comment_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{\"roomName\":\"\\x41\"}")).SetName("InvalidEscape_IsInvalidRequest");
        yield return new TestCaseData(Bytes("{} {}")).SetName("TwoDocuments_IsInvalidRequest");
        // Valid JSON syntax, but no UTF-8 can hold it: System.Text.Json refuses to decode it.
        yield return new TestCaseData(Bytes("{\"visitorName\":\"\\ud800\"}")).SetName("LoneSurrogateEscape_IsInvalidRequest");
    }

    [TestCaseSource(nameof(InvalidBodies))]
    public async Task Body(byte[] body)
    {
        await (await Client.PostTokenBytesAsync(Tenant.TokenPath(), Tenant.Authorization, body)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [TestCase("{\"visitorName\":\"a\\u0000b\"}", "visitorName")]
    [TestCase("{\"visitorId\":\"\\u0000\"}", "visitorId")]
    [TestCase("{\"roomName\":\"room\\u0000\"}", "roomName")]
    public async Task NulAsAJsonEscape_IsValidJson_ButAValidationError(string json, string field)
    {
        var body = await (await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization, json)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").TryGetProperty(field, out _), Is.True, body.ToString());
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/json")]
    [TestCase(null)]
    public async Task AnEmptyBody_IsAnEmptyObject_WhateverTheContentType(string? contentType)
    {
        Assert.That((await Client.PostTokenBytesAsync(Tenant.TokenPath(), Tenant.Authorization, [], contentType)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ABodyDeclaredOver16KiB_Is413_WithoutReadingIt()
    {
        var body = new byte[100 * 1024];
        Array.Fill(body, (byte)' ');

        await (await Client.PostTokenBytesAsync(Tenant.TokenPath(), Tenant.Authorization, body)).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Test]
    public async Task AChunkedBodyOver16KiB_Is413()
    {
        var json = "{\"visitorName\":\"" + new string('x', 200 * 1024) + "\"}";
        var request = new HttpRequestMessage(HttpMethod.Post, Tenant.TokenPath()) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("Authorization", Tenant.Authorization);

        await (await Client.SendAsync(request)).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Test]
    public async Task AUtf16Body_Is415()
    {
        await (await Client.PostTokenBytesAsync(Tenant.TokenPath(), Tenant.Authorization, Encoding.Unicode.GetBytes("{}"), "application/json; charset=utf-16"))
            .AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    // ---- Headers (Kestrel's limits, docs/security.md) --------------------------------------

    [Test]
    public async Task ALongAuthorizationHeader_UnderKestrelsLimit_IsTheContractsJson401()
    {
        var response = await Client.PostTokenAsync(Tenant.TokenPath(), "Bearer pk_" + new string('a', 12 * 1024) + ":sk_b");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task HeadersOverKestrelsTotalLimit_Are431_NeverA5xx()
    {
        var response = await Client.PostTokenAsync(Tenant.TokenPath(), "Bearer pk_" + new string('a', 20 * 1024) + ":sk_b");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestHeaderFieldsTooLarge));
    }

    [Test]
    public async Task TooManyHeaders_Are431()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Tenant.TokenPath());
        for (var i = 0; i < 60; i++)
        {
            request.Headers.TryAddWithoutValidation($"X-Extra-{i}", "1");
        }

        Assert.That((await Client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.RequestHeaderFieldsTooLarge));
    }

    [Test]
    public async Task ARequestLineOverKestrelsLimit_Is414()
    {
        Assert.That((await Client.PostTokenAsync("/api/v1/agents/" + new string('a', 5000) + "/livekit/token", Tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.RequestUriTooLong));
    }

    [TestCase("POST /api/v1/agents/x/livekit/token HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer pk_a:sk_b\0\r\nContent-Length: 0\r\n\r\n", TestName = "MalformedHttp_NulInAHeader_IsKestrels400")]
    [TestCase("POST /api/v1/agents/x/livekit/token HTTP/1.1\r\nHost: a\r\nBad Header: 1\r\n\r\n", TestName = "MalformedHttp_SpaceInAHeaderName_IsKestrels400")]
    [TestCase("POST /api/v1/agents/x/livekit/token HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", TestName = "MalformedHttp_ContentLengthAndChunked_IsKestrels400")]
    [TestCase("POST /api/v1/agents/x/livekit/token HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", TestName = "MalformedHttp_NegativeContentLength_IsKestrels400")]
    [TestCase("POST /api/v1/agents/x\0/livekit/token HTTP/1.1\r\nHost: a\r\n\r\n", TestName = "MalformedHttp_NulInThePath_IsKestrels400")]
    [TestCase("GARBAGE\r\n\r\n", TestName = "MalformedHttp_NoRequestLine_IsKestrels400")]
    public async Task MalformedHttp_IsRefusedByKestrel_WithA4xx(string raw)
    {
        var status = await SendRawAsync(raw);

        Assert.That(status, Is.InRange(400, 499));
    }

    private async Task<int> SendRawAsync(string raw)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Client.BaseAddress!.Host, Client.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(raw));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(statusLine, Does.StartWith("HTTP/1.1 "), statusLine);
        return int.Parse(statusLine!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task NoResponseOfRealKestrel_CarriesAServerBanner()
    {
        var responses = new[]
        {
            await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization),
            await Client.PostTokenAsync(Tenant.TokenPath(), null),
            await Client.GetAsync("/api/nothing"),
            await Client.GetAsync(Tenant.TokenPath()),
            await Client.GetAsync("/health/live"),
            await Client.PostTokenAsync(Tenant.TokenPath(), "Bearer pk_" + new string('a', 20 * 1024) + ":sk_b"),
        };

        foreach (var response in responses)
        {
            foreach (var banner in new[] { "Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version", "X-SourceFiles" })
            {
                Assert.That(response.Headers.Contains(banner), Is.False, $"{banner} on a {(int)response.StatusCode}");
            }
        }
    }

    // ---- Time bounds -----------------------------------------------------------------------

    [Test]
    public async Task ARequestStuckOnALock_Answers503_AtTheRequestTimeout()
    {
        await using var api = await TestApi.StartAsync("stuck", new Dictionary<string, string?>
        {
            ["Http:RequestTimeoutSeconds"] = "1",
            ["Database:CommandTimeoutSeconds"] = "60",
        });
        await using var locker = await LockKeysAsync(api.Factory);

        var clock = Stopwatch.StartNew();
        var response = await api.PostAsync(api.Tenant.TokenPath());
        clock.Stop();

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable", "Service temporarily unavailable");
        Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)), "1 s timeout + Npgsql's cancellation");
        TestContext.Out.WriteLine($"request timeout answered after {clock.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task ACommandOverTheCommandTimeout_Answers503()
    {
        await using var api = await TestApi.StartAsync("cmdtimeout", new Dictionary<string, string?> { ["Database:CommandTimeoutSeconds"] = "1" });
        await using var locker = await LockKeysAsync(api.Factory);

        var clock = Stopwatch.StartNew();
        var response = await api.PostAsync(api.Tenant.TokenPath());
        clock.Stop();

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)));
        TestContext.Out.WriteLine($"command timeout answered after {clock.ElapsedMilliseconds} ms");
    }

    [Test]
    public async Task ADatabaseThatAcceptsButNeverAnswers_Answers503_WithinTheConnectTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var held = new CancellationTokenSource();
        var accepting = AcceptAndHoldAsync(silent, held.Token);
        await using var factory = ApiFactory.WithConnectionString(
            $"Host=127.0.0.1;Port={port};Database=none;Username=postgres",
            new Dictionary<string, string?> { ["Database:ConnectTimeoutSeconds"] = "1" });
        using var client = factory.CreateClient();

        var clock = Stopwatch.StartNew();
        var response = await client.PostTokenAsync($"/api/v1/agents/{Guid.NewGuid()}/livekit/token", "Bearer pk_abc123:sk_def456");
        clock.Stop();

        await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)));
        TestContext.Out.WriteLine($"silent database answered after {clock.ElapsedMilliseconds} ms");
        await held.CancelAsync();
        await accepting;
    }

    /// <summary>Holds the key's row lock in an open transaction, so its last_used_at UPDATE waits.</summary>
    private static async Task<NpgsqlConnection> LockKeysAsync(ApiFactory factory)
    {
        var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        // The token path only reads (last_used_at is written behind), and a row lock does not stop a
        // read: an exclusive table lock does. Held until the connection is disposed.
        await using (var begin = new NpgsqlCommand("BEGIN; LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE", connection))
        {
            await begin.ExecuteNonQueryAsync();
        }

        return connection;
    }

    private static async Task AcceptAndHoldAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var held = new List<TcpClient>();
        try
        {
            while (true)
            {
                held.Add(await listener.AcceptTcpClientAsync(cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            held.ForEach(client => client.Dispose());
        }
    }
}
