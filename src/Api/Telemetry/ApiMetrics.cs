using System.Diagnostics.Metrics;
using Agentsgt.Application.Sessions.Commands.RecordLiveKitEvent;

namespace Agentsgt.Api.Telemetry;

// Request latency is not here: ASP.NET Core's http.server.request.duration measures it per route and status.
public sealed class ApiMetrics
{
    public const string MeterName = "Agentsgt.Api";

    public const string TokensIssuedName = "agentsgt.voice_tokens.issued";
    public const string AuthenticationFailuresName = "agentsgt.authentication.failures";
    public const string RateLimitedName = "agentsgt.rate_limit.rejections";
    public const string DatabaseErrorsName = "agentsgt.database.errors";
    public const string WebhookEventsName = "agentsgt.livekit.webhook.events";

    /// <summary>Tags on webhook events: the LiveKit event type as the ledger reads it, and what became of it.</summary>
    public const string EventTypeTag = "type";
    public const string ResultTag = "result";

    public const string ReasonTag = "reason";

    private readonly Counter<long> _tokensIssued;
    private readonly Counter<long> _authenticationFailures;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _databaseErrors;
    private readonly Counter<long> _webhookEvents;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        // From the host's IMeterFactory, so each host (and each test server) has its own meter.
        var meter = meterFactory.Create(MeterName);
        _tokensIssued = meter.CreateCounter<long>(TokensIssuedName, "{token}", "LiveKit voice tokens issued (200 responses).");
        _authenticationFailures = meter.CreateCounter<long>(AuthenticationFailuresName, "{request}", "Requests refused with 401, by reason: unauthorized (no or malformed credentials) or invalid_key.");
        _rateLimited = meter.CreateCounter<long>(RateLimitedName, "{request}", "Requests refused with 429 rate_limited.");
        _databaseErrors = meter.CreateCounter<long>(DatabaseErrorsName, "{request}", "Requests answered 503 service_unavailable because the database was unreachable.");
        _webhookEvents = meter.CreateCounter<long>(WebhookEventsName, "{event}", "LiveKit webhook deliveries, by event type and result (applied, removed, duplicate, ignored, invalid_signature).");
    }

    public void TokenIssued() => _tokensIssued.Add(1);

    public void AuthenticationFailed(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _authenticationFailures.Add(1, new KeyValuePair<string, object?>(ReasonTag, error.Code));
    }

    public void RateLimited() => _rateLimited.Add(1);

    public void DatabaseUnavailable() => _databaseErrors.Add(1);

    public void WebhookEvent(LiveKitEventKind kind, LiveKitEventOutcome outcome) =>
        _webhookEvents.Add(1, new(EventTypeTag, EventTypeNames[kind]), new(ResultTag, outcome.ToString().ToLowerInvariant()));

    /// <summary>A delivery refused before it was read (its type is unknown).</summary>
    public void WebhookRejected(ApiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _webhookEvents.Add(1, new(EventTypeTag, "unknown"), new(ResultTag, error.Code));
    }

    private static readonly Dictionary<LiveKitEventKind, string> EventTypeNames = new()
    {
        [LiveKitEventKind.ParticipantJoined] = "participant_joined",
        [LiveKitEventKind.ParticipantLeft] = "participant_left",
        [LiveKitEventKind.RoomFinished] = "room_finished",
        [LiveKitEventKind.Other] = "other",
    };
}
