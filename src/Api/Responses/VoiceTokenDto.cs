namespace Agentsgt.Api.Responses;

/// <summary>A LiveKit access token and where to use it.</summary>
public sealed record VoiceTokenDto
{
    /// <summary>JWT access token for LiveKit, valid for one hour unless <c>ttlSeconds</c> asked for less.</summary>
    public required string Token { get; init; }

    /// <summary>The room to connect to: <c>agentsgt-room-{agentId}-{orgId}-{suffix}</c>. Send it back as <c>roomName</c> to rejoin.</summary>
    public required string RoomName { get; init; }

    /// <summary>The LiveKit server WebSocket URL.</summary>
    public required string ServerUrl { get; init; }

    /// <summary>The participant identity in the token (generated when none was sent).</summary>
    public required string VisitorId { get; init; }

    /// <summary>When the token expires (RFC 3339, UTC).</summary>
    public required DateTime ExpiresAt { get; init; }

    /// <summary>The voice session this token starts; webhooks and usage name it by this id.</summary>
    /// <example>7c9e6679-7425-40de-944b-e07fc1f90ae7</example>
    public required Guid SessionId { get; init; }

    /// <summary>
    /// The longest the session may last, in seconds, counted from the visitor's first join (a rejoin
    /// continues the same count). The visitor is told on data topic <c>agentsgt.session</c> before it ends.
    /// </summary>
    /// <example>3600</example>
    public required int MaxSessionSeconds { get; init; }

    /// <summary>
    /// Publishable keys only (absent for secret keys): an opaque value, valid until <c>expiresAt</c>,
    /// that this same key sends back as <c>resumeToken</c> to rejoin this room as this visitor (e.g.
    /// after a page reload). Keep it like the token: it lets its holder back into the conversation.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ResumeToken { get; init; }
}
