namespace Agentsgt.Application.Sessions.Queries.ListSessions;

/// <summary>One session: one visitor's stay in one room, from the token that let it in until it left. Times are UTC (RFC 3339).</summary>
/// <param name="SessionId">The <c>sessionId</c> of the token response (the token's <c>agentsgt.sessionId</c> attribute).</param>
/// <param name="AgentId">The agent the token was issued for.</param>
/// <param name="PublicKey">The API key the token was issued to (its public part).</param>
/// <param name="RoomName">The LiveKit room.</param>
/// <param name="VisitorId">The participant identity in the token.</param>
/// <param name="IssuedAt">When the token was issued.</param>
/// <param name="JoinedAt">When the visitor joined the room; null if it never did (yet).</param>
/// <param name="EndedAt">When the session ended; null while it is open.</param>
/// <param name="EndReason">Why it ended: <c>left</c>, <c>room_finished</c>, <c>duration_cap</c>, <c>over_cap</c>, <c>never_joined</c>, <c>reconciled</c> or <c>expired</c>; null while open.</param>
/// <param name="Seconds">Ended (or now, while open) minus joined, rounded up; 0 if it never joined.</param>
public sealed record SessionDto(
    Guid SessionId,
    Guid AgentId,
    string PublicKey,
    string RoomName,
    string VisitorId,
    DateTime IssuedAt,
    DateTime? JoinedAt,
    DateTime? EndedAt,
    string? EndReason,
    long Seconds)
{
    public static SessionDto From(Session session, IReadOnlyDictionary<Guid, string> publicKeys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(publicKeys);
        return new SessionDto(
            session.Id,
            session.AgentId,
            session.ApiKeyId is { } keyId && publicKeys.TryGetValue(keyId, out var publicKey) ? publicKey : string.Empty,
            session.RoomName,
            session.Identity,
            session.IssuedAt.UtcDateTime,
            session.JoinedAt?.UtcDateTime,
            session.EndedAt?.UtcDateTime,
            session.EndReason?.Name(),
            session.Seconds(now));
    }
}
