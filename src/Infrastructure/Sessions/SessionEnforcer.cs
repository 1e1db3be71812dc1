using System.Collections.Concurrent;
using System.Globalization;

namespace Agentsgt.Infrastructure.Sessions;

/// <summary>
/// One round of timed enforcement: unjoined tokens end, a visitor at its cap is removed (the end
/// recorded first, so it wins over the <c>left</c> that follows), one nearing it is warned. While
/// LiveKit is away a session past its cap by <see cref="ExpiryGrace"/> ends as expired instead.
/// </summary>
public sealed class SessionEnforcer(
    IServiceScopeFactory scopes,
    ILiveKitRoomService liveKit,
    LiveKitReachability reachability,
    IOptions<SessionsOptions> options,
    TimeProvider clock,
    SessionEnforcementMetrics metrics)
{
    public const string Topic = "agentsgt.session";

    public static readonly TimeSpan ExpiryGrace = TimeSpan.FromSeconds(60);

    internal const int BatchSize = 200;

    private const int MaxPendingRemovals = 10_000;

    private const int NeverJoinedBatchSize = 2_000;

    private const int NeverJoinedBatchesPerRound = 10;

    private const int Parallelism = 16;

    // Ended by the cap, not yet removed from LiveKit (the call failed): retried every round.
    private readonly ConcurrentDictionary<Guid, Session> _pendingRemovals = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
        var now = clock.GetUtcNow();
        await EndNeverJoinedAsync(sessions, now, cancellationToken).ConfigureAwait(false);
        if (!await IsReachableAsync(cancellationToken).ConfigureAwait(false))
        {
            await ExpireAsync(sessions, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Warned first: a round that comes late still tells the visitor before removing it.
        await WarnDueAsync(sessions, now, cancellationToken).ConfigureAwait(false);
        await RemoveDueAsync(sessions, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The data message a visitor gets before its cap: <c>{"type":"ending","endsAt":"…"}</c>, whole seconds, rounded up.</summary>
    public static byte[] EndingMessage(DateTimeOffset endsAt)
    {
        var ticks = endsAt.UtcTicks;
        var seconds = new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (seconds.UtcTicks < ticks)
        {
            seconds = seconds.AddSeconds(1);
        }

        using var buffer = new MemoryStream(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "ending");
            json.WriteString("endsAt", seconds.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private async Task EndNeverJoinedAsync(ISessionRepository sessions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Set-based, a bounded number of batches a round: ending keeps pace with the token rate.
        var window = TimeSpan.FromSeconds(options.Value.JoinWindowSeconds);
        for (var batch = 0; batch < NeverJoinedBatchesPerRound; batch++)
        {
            var ended = await sessions.EndNeverJoinedAsync(now, window, NeverJoinedBatchSize, cancellationToken).ConfigureAwait(false);
            metrics.Action("never_joined", "done", ended);
            if (ended < NeverJoinedBatchSize)
            {
                return;
            }
        }
    }

    private async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        if (!liveKit.IsConfigured)
        {
            return false;
        }

        if (!reachability.IsDown)
        {
            return true;
        }

        try
        {
            // A listing is harmless to repeat: it tells whether removals can be made again.
            await liveKit.ListRoomsAsync(cancellationToken).ConfigureAwait(false);
            reachability.Answered();
            return true;
        }
        catch (LiveKitUnavailableException)
        {
            return false;
        }
    }

    private async Task ExpireAsync(ISessionRepository sessions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var session in await sessions.ListDueForRemovalAsync(now - ExpiryGrace, BatchSize, cancellationToken).ConfigureAwait(false))
        {
            var stored = await sessions.EndAsync(session.Id, SessionEndReason.Expired, now, cancellationToken).ConfigureAwait(false);
            metrics.Action("expired", stored?.EndReason == SessionEndReason.Expired ? "done" : "skipped");
        }
    }

    private async Task RemoveDueAsync(ISessionRepository sessions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var session in await sessions.ListDueForRemovalAsync(now, BatchSize, cancellationToken).ConfigureAwait(false))
        {
            var stored = await sessions.EndAsync(session.Id, SessionEndReason.DurationCap, now, cancellationToken).ConfigureAwait(false);
            if (stored?.EndReason != SessionEndReason.DurationCap)
            {
                metrics.Action("duration_cap", "skipped");
            }
            else if (_pendingRemovals.Count < MaxPendingRemovals)
            {
                _pendingRemovals[stored.Id] = stored;
            }
            else
            {
                metrics.Action("duration_cap", "failed");
            }
        }

        await Parallel.ForEachAsync(
            _pendingRemovals.Values.ToList(),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (session, token) =>
            {
                try
                {
                    await liveKit.RemoveAsync(session, token).ConfigureAwait(false);
                    _pendingRemovals.TryRemove(session.Id, out _);
                    reachability.Answered();
                    metrics.Action("duration_cap", "done");
                }
                catch (LiveKitUnavailableException)
                {
                    reachability.Failed();
                    metrics.Action("duration_cap", "failed");
                }
            }).ConfigureAwait(false);
    }

    private async Task WarnDueAsync(ISessionRepository sessions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lead = TimeSpan.FromSeconds(options.Value.WarningLeadSeconds);
        var due = await sessions.ListDueForWarningAsync(now, lead, BatchSize, cancellationToken).ConfigureAwait(false);
        var sent = new ConcurrentBag<Guid>();
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (session, token) =>
            {
                try
                {
                    // A random room holds this one visitor (and its agent): the whole room hears it.
                    IReadOnlyList<string> to = session.RandomRoom ? [] : [session.Identity];
                    await liveKit.SendDataAsync(session.RoomName, EndingMessage(session.EndsAt!.Value), Topic, to, token).ConfigureAwait(false);
                    sent.Add(session.Id);
                    reachability.Answered();
                    metrics.Action("warning", "done");
                }
                catch (LiveKitUnavailableException)
                {
                    reachability.Failed();
                    metrics.Action("warning", "failed");
                }
            }).ConfigureAwait(false);

        foreach (var id in sent)
        {
            await sessions.MarkWarnedAsync(id, now, cancellationToken).ConfigureAwait(false);
        }
    }
}
