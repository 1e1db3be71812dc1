namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// Issued sessions of keys with no concurrency cap, written behind (batched like
/// <c>last_used_at</c>, same bound, flushed at shutdown) so the token path keeps its one read.
/// Never fails a request.
/// </summary>
public interface ISessionRecorder
{
    /// <summary>Keeps the session for the next flush; waits for one (at most the bound) only when the pending set is full.</summary>
    ValueTask RecordAsync(Session session);
}
