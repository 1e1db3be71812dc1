using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Agentsgt.Api.Health;
using Agentsgt.Api.Responses;
using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;
using AutoMapper;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MvcJsonOptions = Microsoft.AspNetCore.Mvc.JsonOptions;

namespace Agentsgt.Api.Warmup;

/// <summary>
/// Warms the token path before the instance reports ready: rounds of token requests to itself with
/// the <see cref="WarmupCredential"/>, through the whole pipeline up to the handler's 404, until the
/// JIT has next to nothing left to compile. What a 404 skips is run directly, with a throwaway key.
/// </summary>
public sealed partial class TokenPathWarmup(
    IServer server,
    IHostApplicationLifetime lifetime,
    HealthCheckService health,
    WarmupCredential credential,
    WarmupStatus status,
    IOptions<WarmupOptions> options,
    IMapper mapper,
    IOptions<MvcJsonOptions> json,
    ILogger<TokenPathWarmup> logger) : BackgroundService
{
    private const int Concurrency = 8;
    private const int MinRounds = 3;

    // A round compiling no more than this many methods counts as quiet; two quiet rounds end it.
    private const int QuietMethods = 10;

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private static readonly (string Path, string Body)[] Calls =
    [
        ("token", """{"roomName":"support-room-001","visitorName":"John Doe"}"""),
        ("token", "{}"),
        ("token", """{"roomName":"warmup","visitorId":"warmup-visitor","visitorName":"Warm-up","metadata":"{\"page\":\"/\"}","attributes":{"topic":"warmup"},"ttlSeconds":600}"""),
        ("token-source", """{"room_name":"warmup","participant_identity":"warmup-visitor","participant_name":"Warm-up","room_config":{"agents":[{"agent_name":"warmup","metadata":"{}"}]}}"""),
        ("token-source", "{}"),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        var requests = 0;
        string result;
        try
        {
            (result, requests) = options.Value.Enabled
                ? await WarmUpAsync(clock, stoppingToken).ConfigureAwait(false)
                : ("Warm-up is off (Warmup:Enabled=false).", 0);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Never keeps the instance out of service (nor stops the host): ready, only colder.
            result = $"Warm-up stopped early ({ex.GetType().Name}).";
            LogWarmupStopped(logger, ex.GetType().Name);
        }
        finally
        {
            credential.End();
        }

        status.Complete(result, requests, clock.Elapsed);
        LogWarmupDone(logger, requests, (long)clock.Elapsed.TotalMilliseconds, result);
    }

    private async Task<(string Result, int Requests)> WarmUpAsync(Stopwatch clock, CancellationToken stoppingToken)
    {
        await StartedAsync(stoppingToken).ConfigureAwait(false);
        if (LoopbackAddress() is not { } address)
        {
            return ("Warm-up skipped: the server has no http address to reach itself on.", 0);
        }

        // The database gates readiness anyway; warming against an outage would only count errors.
        while (!await DatabaseReadyAsync(stoppingToken).ConfigureAwait(false))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            clock.Restart();
        }

        var limit = TimeSpan.FromSeconds(options.Value.MaxSeconds);
        using var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, MaxConnectionsPerServer = Concurrency };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = limit };
        var signer = ThrowawaySigner();
        var requests = 0;
        var quiet = 0;
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        for (var round = 1; clock.Elapsed < limit && (round <= MinRounds || quiet < 2); round++)
        {
            var unexpected = await RoundAsync(client, stoppingToken).ConfigureAwait(false);
            requests += Concurrency * Calls.Length;
            if (unexpected is not null)
            {
                LogWarmupStopped(logger, unexpected);
                return ($"Warm-up stopped early: a warm-up request was answered {unexpected}.", requests);
            }

            await WarmSigningAndMappingAsync(signer).ConfigureAwait(false);
            await Task.Delay(Pause, stoppingToken).ConfigureAwait(false);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now - compiled <= QuietMethods ? quiet + 1 : 0;
            compiled = now;
        }

        return (quiet >= 2 ? "Token path warmed up." : "Warm-up reached Warmup:MaxSeconds; the rest warms with traffic.", requests);
    }

    private Task StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    /// <summary>An http address the server listens on, as a loopback URL; null when it has none (a test server, https only).</summary>
    private Uri? LoopbackAddress()
    {
        foreach (var listening in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (!Uri.TryCreate(listening.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme != Uri.UriSchemeHttp)
            {
                continue;
            }

            // A wildcard or a name means every interface or loopback; a specific address is used as it is.
            var host = !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)
                ? "127.0.0.1"
                : uri.Host;
            return new Uri($"http://{host}:{uri.Port}/");
        }

        return null;
    }

    private async Task<bool> DatabaseReadyAsync(CancellationToken stoppingToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(HealthChecksSetup.ReadyTag) && c.Name != WarmupHealthCheck.Name, stoppingToken).ConfigureAwait(false);
        return report.Status != HealthStatus.Unhealthy;
    }

    /// <summary>Every request of <see cref="Calls"/> from each of <see cref="Concurrency"/> callers; the first answer that is not the expected 404, or null.</summary>
    private async Task<string?> RoundAsync(HttpClient client, CancellationToken stoppingToken)
    {
        var callers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            foreach (var (path, body) in Calls)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/agents/{Guid.NewGuid()}/livekit/{path}")
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("Authorization", credential.Authorization);
                using var response = await client.SendAsync(request, stoppingToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
            }

            return null;
        });
        return (await Task.WhenAll(callers).ConfigureAwait(false)).FirstOrDefault(answer => answer is not null);
    }

    private async Task WarmSigningAndMappingAsync(LiveKitTokenSigner signer)
    {
        var now = DateTimeOffset.UtcNow;
        var signed = signer.Sign(new VoiceGrant("agentsgt-warmup", "warmup-visitor", "Warm-up", credential.ApiKeyId, credential.OrganizationId, now, TimeSpan.FromMinutes(1))
        {
            Metadata = "{}",
            Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["topic"] = "warmup" },
            DispatchAgentName = "warmup",
        });
        var issued = new IssuedVoiceToken(signed.Token, "agentsgt-warmup", signer.ServerUrl, "warmup-visitor", signed.ExpiresAt);
        await JsonSerializer.SerializeAsync(Stream.Null, mapper.Map<VoiceTokenDto>(issued), json.Value.JsonSerializerOptions).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(Stream.Null, mapper.Map<TokenSourceCredentialsDto>(issued), json.Value.JsonSerializerOptions).ConfigureAwait(false);
    }

    /// <summary>The same signer class with a key nobody has: what it signs is worthless.</summary>
    private static LiveKitTokenSigner ThrowawaySigner() =>
        new(Microsoft.Extensions.Options.Options.Create(new LiveKitOptions
        {
            Url = "ws://127.0.0.1",
            ApiKey = "APIwarmup",
            ApiSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        }));

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up done: {Requests} requests in {DurationMs} ms. {Result}")]
    private static partial void LogWarmupDone(ILogger logger, int requests, long durationMs, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up stopped early ({Reason}); the instance becomes ready and warms with traffic.")]
    private static partial void LogWarmupStopped(ILogger logger, string reason);
}
