namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// Records that a key was used (the contract's check 3) without a database call on the request:
/// times are kept in memory, latest per key, and written behind within a bound (Infrastructure's
/// <c>LastUsedAtWriter</c>). A graceful shutdown writes everything pending.
/// </summary>
public interface IKeyUsageRecorder
{
    /// <summary>
    /// Keeps <paramref name="usedAt"/> as the key's pending time unless a later one is pending.
    /// Completes at once, except when the pending set is full: then it waits for a flush, at most
    /// the flush bound, and records the time anyway (nothing is dropped).
    /// </summary>
    ValueTask RecordAsync(Guid apiKeyId, DateTimeOffset usedAt);
}
