namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// The session ledger: one row per token issued. The token path reserves (capped keys) or reads
/// an open session to continue (a rejoin); webhooks change sessions through
/// <see cref="ApplyEventAsync"/>; enforcement, reconciliation, retention and usage read and end
/// sessions with the rest. No method moves a session's state backwards (the entity's rules).
/// </summary>
public interface ISessionRepository
{
    /// <summary>
    /// Inserts the session only if neither cap is full (exact across instances, one round trip); a rejoin
    /// needs no slot. <paramref name="mayContinue"/> is false for a generated identity: nothing to look up.
    /// </summary>
    Task<SessionReservation> ReserveAsync(Session session, bool mayContinue, TimeSpan joinWindow, CancellationToken cancellationToken);

    /// <summary>The open session (joined, or issued within the window) a rejoin of this room and identity continues.</summary>
    Task<Session?> FindOpenAsync(Guid organizationId, string roomName, string identity, DateTimeOffset now, TimeSpan joinWindow, CancellationToken cancellationToken);

    /// <summary>Saves sessions written behind in one statement, completing rows an early event started.</summary>
    Task SaveIssuedAsync(IReadOnlyList<Session> sessions, CancellationToken cancellationToken);

    /// <summary>
    /// Applies webhook event <paramref name="eventId"/>: <paramref name="apply"/> runs in one
    /// transaction that also records the id, and may run again if the connection drops (so it only
    /// decides; it acts on LiveKit after). False when the event was already applied, here or on
    /// another instance (then <paramref name="apply"/> did not run).
    /// </summary>
    Task<bool> ApplyEventAsync(string eventId, DateTimeOffset receivedAt, Func<ISessionEventScope, CancellationToken, Task> apply, CancellationToken cancellationToken);

    /// <summary>Ends the session unless it already ended (an enforced end is final); the session as stored after, null when unknown.</summary>
    Task<Session?> EndAsync(Guid sessionId, SessionEndReason reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records the warning sent to the session's visitor (the first stands).</summary>
    Task MarkWarnedAsync(Guid sessionId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every open session (reconciliation compares them with LiveKit's listing), oldest issue first.</summary>
    Task<IReadOnlyList<Session>> ListOpenAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Open joined sessions not yet warned whose end (<see cref="Session.EndsAt"/>) is within <paramref name="lead"/> of <paramref name="now"/>.</summary>
    Task<IReadOnlyList<Session>> ListDueForWarningAsync(DateTimeOffset now, TimeSpan lead, int limit, CancellationToken cancellationToken);

    /// <summary>Open joined sessions whose end (<see cref="Session.EndsAt"/>) is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<Session>> ListDueForRemovalAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Ends up to <paramref name="limit"/> open sessions never joined and issued before <paramref name="now"/> minus
    /// <paramref name="joinWindow"/>, each as <c>never_joined</c> when its window closed. Returns how many ended.
    /// </summary>
    Task<int> EndNeverJoinedAsync(DateTimeOffset now, TimeSpan joinWindow, int limit, CancellationToken cancellationToken);

    /// <summary>One room listing: present sessions are seen (and joined; a late join past the window reopens if the caps allow); the others missed once. Returns those that ended (reconciled, or over_cap to remove).</summary>
    Task<IReadOnlyList<Session>> RecordListingAsync(IReadOnlyCollection<SessionPresence> present, DateTimeOffset at, TimeSpan joinWindow, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="sessionIds"/> that a cap ended (<c>duration_cap</c>, <c>over_cap</c>): a listing showing one present means its removal was lost.</summary>
    Task<IReadOnlyList<Session>> ListEndedByCapAsync(IReadOnlyCollection<Guid> sessionIds, CancellationToken cancellationToken);

    Task<long> CountOpenAsync(CancellationToken cancellationToken);

    /// <summary>An organization's sessions, newest issue first, after <see cref="SessionQuery.After"/> (a keyset cursor).</summary>
    Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken);

    /// <summary>Sessions joined in [from, to) and their rounded seconds (open ones up to now) per group, by key.</summary>
    Task<IReadOnlyList<SessionUsage>> SumUsageAsync(Guid organizationId, DateTimeOffset from, DateTimeOffset to, SessionUsageGrouping groupBy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> old rows: ended ones issued before <paramref name="before"/>, never-joined ones before <paramref name="neverJoinedBefore"/>; the number deleted.</summary>
    Task<int> DeleteOldAsync(DateTimeOffset before, DateTimeOffset neverJoinedBefore, int batchSize, CancellationToken cancellationToken);

    /// <summary>Forgets applied webhook event ids and finished rooms received before <paramref name="before"/>, at most <paramref name="batchSize"/>; the number deleted.</summary>
    Task<int> PruneEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken);
}
