using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

namespace Agentsgt.Api.Requests;

/// <summary>Request body of the token endpoint. Every field is optional; unknown fields are ignored.</summary>
public sealed record IssueVoiceTokenRequest : ITokenRequestBody
{
    /// <summary>The command's property paths under this body's camelCase names.</summary>
    public static ValidationDetailNames DetailNames { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(IssueVoiceTokenCommand.Room)] = "roomName",
        [nameof(IssueVoiceTokenCommand.Identity)] = "visitorId",
        [nameof(IssueVoiceTokenCommand.DisplayName)] = "visitorName",
        [nameof(IssueVoiceTokenCommand.Metadata)] = "metadata",
        [nameof(IssueVoiceTokenCommand.Attributes)] = "attributes",
        [nameof(IssueVoiceTokenCommand.TtlSeconds)] = "ttlSeconds",
        [nameof(IssueVoiceTokenCommand.ResumeToken)] = "resumeToken",
    });

    /// <summary>
    /// Short room name (1–64 of <c>A–Z a–z 0–9 _ -</c>), or a full room name issued earlier for this
    /// agent to rejoin it. Auto-generated when omitted. Ignored for publishable keys (always a fresh room).
    /// </summary>
    /// <example>support-room-001</example>
    public string? RoomName { get; init; }

    /// <summary>
    /// Unique identifier for the visitor (LiveKit identity): 1–128 characters, no whitespace, control or
    /// format characters, '#', or characters NFKC normalization changes. Auto-generated when omitted.
    /// Ignored for publishable keys (always a fresh identity).
    /// </summary>
    /// <example>user-123</example>
    public string? VisitorId { get; init; }

    /// <summary>Display name for the visitor: 1–128 characters, no control characters. Defaults to "Visitor".</summary>
    /// <example>John Doe</example>
    public string? VisitorName { get; init; }

    /// <summary>Participant metadata for the token (LiveKit <c>metadata</c>): any text up to 4 KiB in UTF-8, e.g. JSON. Not trimmed; empty means none.</summary>
    /// <example>{"page":"/pricing"}</example>
    public string? Metadata { get; init; }

    /// <summary>
    /// Participant attributes for the token (LiveKit <c>attributes</c>): at most 32 string entries, keys
    /// 1–64 characters, values up to 1 KiB in UTF-8. Keys starting with <c>agentsgt.</c> are reserved; keys
    /// must not start or end with whitespace nor hold format characters or characters NFKC normalization changes.
    /// </summary>
    public Dictionary<string, string>? Attributes { get; init; }

    /// <summary>Token lifetime in seconds, 60–3600. Defaults to 3600 (one hour).</summary>
    /// <example>900</example>
    [JsonNumberHandling(JsonNumberHandling.Strict)]
    public int? TtlSeconds { get; init; }

    /// <summary>
    /// Publishable keys only: the <c>resumeToken</c> of an earlier answer to this key for this agent, to
    /// rejoin that room as that visitor (e.g. after a page reload) before its <c>expiresAt</c>. Ignored for secret keys.
    /// </summary>
    /// <example>eyJhbGciOiJIUzI1NiIsImtpZCI6IjEiLCJ0eXAiOiJKV1QifQ…</example>
    public string? ResumeToken { get; init; }

    public IssueVoiceTokenCommand ToCommand(AuthenticatedCaller caller, RequestedAgent agent) =>
        new(caller, agent, RoomName, VisitorId, VisitorName)
        {
            Metadata = Metadata,
            Attributes = Attributes,
            TtlSeconds = TtlSeconds,
            ResumeToken = ResumeToken,
        };
}
