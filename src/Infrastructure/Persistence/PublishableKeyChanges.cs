namespace Agentsgt.Infrastructure.Persistence;

/// <summary>
/// A counter that moves whenever a publishable key may have changed (a NOTIFY from the
/// <c>api_keys</c> triggers, or a reconnect after which notifications may have been missed).
/// Caches compare it with the value they loaded at.
/// </summary>
public sealed class PublishableKeyChanges
{
    private long _version;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Completes at the next change after it was read.</summary>
    public Task NextChange => Volatile.Read(ref _next).Task;

    public void Changed()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
