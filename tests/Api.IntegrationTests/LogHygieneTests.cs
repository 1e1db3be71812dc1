using System.Net.Sockets;
using System.Text;
using Agentsgt.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// Every log line of a full run at Trace level, all categories (ASP.NET Core, Kestrel, MVC, EF
/// Core, ours; Npgsql's own logging is not routed to ILogger), over success and every error path,
/// must hold no API secret, pepper, LiveKit secret, issued token or Authorization header value.
/// </summary>
public sealed class LogHygieneTests
{
    [Test]
    public async Task AFullRunAtTraceLevel_LogsNoSecretTokenOrAuthorizationHeader()
    {
        var secrets = new List<string> { ApiFactory.Pepper, ApiFactory.LiveKitApiSecret };
        var logs = new List<LogCapture>();

        // ---- A configured service: success and every client error, on real Kestrel ---------
        var mainLogs = new LogCapture();
        logs.Add(mainLogs);
        await using (var api = await TestApi.StartAsync("logs", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "8",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
            ["RateLimiting:FailedAuthPerAddressTokenLimit"] = "12",
        }, logs: mainLogs, kestrel: true))
        {
            var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
            var other = await factory.CreateTenantAsync();
            var (revokedId, revoked) = await factory.AddKeyAsync(tenant.OrganizationId);
            await factory.RevokeKeyAsync(revokedId);
            secrets.AddRange([tenant.Credentials.Secret, other.Credentials.Secret, revoked.Secret, tenant.Authorization, other.Authorization]);
            var pair = $"{tenant.Credentials.PublicKey}:{tenant.Credentials.Secret}";

            // Success, and each token issued.
            foreach (var body in new[] { "{}", """{"roomName":"support-room-001","visitorId":"user-123","visitorName":"John Doe"}""" })
            {
                var response = await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, body);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                var token = (await response.JsonAsync()).GetProperty("token").GetString()!;
                secrets.Add(token);
                secrets.Add(token.Split('.')[2]);
            }

            // Every client error with a key in play (checks 4–7 and the framework's own).
            await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, "{oops")).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
            await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, """{"visitorId":"a b"}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
            await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, "{}", "text/plain")).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
            await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, new string(' ', 17 * 1024))).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
            await (await client.PostTokenAsync(tenant.TokenPath(other.AgentId), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
            await (await client.GetAsync(tenant.TokenPath())).AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
            HttpResponseMessage limited;
            do
            {
                limited = await client.PostTokenAsync(other.TokenPath(), other.Authorization);
            }
            while (limited.StatusCode == HttpStatusCode.OK);
            await limited.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");

            // Authentication failures carrying the real secret in every wrong shape, until the address is throttled.
            var wrongShapes = new[]
            {
                "Bearer " + tenant.Credentials.Secret,
                "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)),
                "Bearer " + pair + ":extra",
                "Token " + pair,
                $"Bearer pk_unknownKey1:{tenant.Credentials.Secret}",
                $"Bearer {revoked.PublicKey}:{revoked.Secret}",
                $"Bearer {tenant.Credentials.PublicKey}:{tenant.Credentials.Secret}x",
            };
            secrets.AddRange(wrongShapes);
            foreach (var authorization in wrongShapes)
            {
                Assert.That((await client.PostTokenAsync(tenant.TokenPath(), authorization)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), authorization);
            }

            HttpResponseMessage throttled;
            do
            {
                throttled = await client.PostTokenAsync(tenant.TokenPath(), $"Bearer pk_unknownKey2:{tenant.Credentials.Secret}");
            }
            while (throttled.StatusCode == HttpStatusCode.Unauthorized);
            await throttled.AssertErrorAsync(HttpStatusCode.TooManyRequests, "rate_limited");

            // Requests Kestrel itself refuses, with the secret in the offending header.
            Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization + new string('x', 20 * 1024))).StatusCode, Is.EqualTo(HttpStatusCode.RequestHeaderFieldsTooLarge));
            await SendRawAsync(client.BaseAddress!, $"POST {tenant.TokenPath()} HTTP/1.1\r\nHost: a\r\nAuthorization: {tenant.Authorization}\0\r\n\r\n");
            await SendRawAsync(client.BaseAddress!, $"POST {tenant.TokenPath()} HTTP/1.1\r\nHost: a\r\nAuthorization {tenant.Authorization}\r\n\r\n");

            // EF Core's sensitive data logging stays off.
            using var scope = factory.Services.CreateScope();
            var options = scope.ServiceProvider.GetRequiredService<AgentsgtDbContext>().GetService<IDbContextOptions>();
            Assert.That(options.FindExtension<CoreOptionsExtension>()!.IsSensitiveDataLoggingEnabled, Is.False);
        }

        // ---- LiveKit not configured (config_error), and a request over its time bound (503) -
        var unconfiguredLogs = new LogCapture();
        logs.Add(unconfiguredLogs);
        await using (var api = await TestApi.StartAsync("logsnolivekit", new Dictionary<string, string?>
        {
            ["LiveKit:ApiSecret"] = "",
            ["LIVEKIT_API_SECRET"] = "",
            ["Http:RequestTimeoutSeconds"] = "1",
        }, logs: unconfiguredLogs))
        {
            var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
            secrets.AddRange([tenant.Credentials.Secret, tenant.Authorization]);
            await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.InternalServerError, "config_error");

            await using var locker = new NpgsqlConnection(factory.ConnectionString);
            await locker.OpenAsync();
            await using var lockRow = new NpgsqlCommand("BEGIN; LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE", locker);
            await lockRow.ExecuteNonQueryAsync();
            await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        }

        // ---- Database unreachable (503) -----------------------------------------------------
        var unreachableLogs = new LogCapture();
        logs.Add(unreachableLogs);
        await using (var factory = ApiFactory.WithUnreachableDatabase(logs: unreachableLogs))
        {
            using var client = factory.CreateClient();
            const string Authorization = "Bearer pk_someKey123:sk_theSecretOfAnOutage456";
            secrets.Add(Authorization);
            await (await client.PostTokenAsync($"/api/v1/agents/{Guid.NewGuid()}/livekit/token", Authorization)).AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.That((await client.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        var entries = logs.SelectMany(capture => capture.Entries).ToList();
        TestContext.Out.WriteLine($"{entries.Count} log entries, {secrets.Count} secrets checked");
        // Kestrel's bad-request entries are still written (KestrelDetailGuard), just without request bytes.
        // No EF Core command category: the token path's one statement is plain Npgsql (whose own
        // logging is not routed to ILogger), so no SQL of a token request reaches these logs.
        foreach (var category in new[] { "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel.BadRequests", "Microsoft.AspNetCore.Mvc", "Agentsgt.Api.Errors.ApiExceptionHandler", "Agentsgt.Startup" })
        {
            Assert.That(entries.Any(e => e.StartsWith(category, StringComparison.Ordinal)), Is.True, $"the capture saw {category} at all");
        }

        Assert.That(entries.Any(e => e.Contains("|Trace|", StringComparison.Ordinal)), Is.True, "the capture ran at Trace level");
        var leaks = entries
            .SelectMany(entry => secrets.Where(secret => entry.Contains(secret, StringComparison.Ordinal)).Select(secret => $"{secret[..Math.Min(secret.Length, 24)]}… in: {entry[..Math.Min(entry.Length, 400)]}"))
            .ToList();
        Assert.That(leaks, Is.Empty, string.Join("\n", leaks.Take(10)));
    }

    [Test]
    public async Task RejectedRequests_WriteAtMostAHandfulOfLogLines_OnAProductionInstance()
    {
        await using var database = await ApiFactory.CreateAsync("logs_rejected");
        var tenant = await database.CreateTenantAsync();
        await using var api = await ApiProcess.StartAsync(ApiProcess.Production(database.ConnectionString));
        using var client = new HttpClient { BaseAddress = new Uri(api.Url) };
        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK), api.Output);
        await Task.Delay(500);
        var before = api.Output.Split('\n').Length;

        // Wrong secrets until the address is throttled (401, then 429), and malformed headers.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            var authorization = i % 5 == 4 ? "Basic abc" : $"Bearer {tenant.Credentials.PublicKey}:sk_wrongGuess{i}";
            statuses.Add((await client.PostTokenAsync(tenant.TokenPath(), authorization)).StatusCode);
        }

        await Task.Delay(500);
        var lines = api.Output.Split('\n').Skip(before).ToList();
        TestContext.Out.WriteLine($"50 rejected requests ({string.Join(", ", statuses.GroupBy(s => (int)s).Select(g => $"{g.Count()} × {g.Key}"))}): {lines.Count} log lines");
        Assert.That(statuses, Has.None.EqualTo(HttpStatusCode.OK));
        Assert.That(statuses, Has.Some.EqualTo(HttpStatusCode.TooManyRequests), "the budget was reached");
        Assert.That(lines, Has.Count.LessThanOrEqualTo(4), string.Join('\n', lines));
    }

    private static async Task SendRawAsync(Uri server, string raw)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(raw));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(status, Does.StartWith("HTTP/1.1 4"));
    }
}
