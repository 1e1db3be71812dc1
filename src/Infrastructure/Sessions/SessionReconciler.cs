using System.Collections.Concurrent;
using Agentsgt.Infrastructure.LiveKit;

namespace Agentsgt.Infrastructure.Sessions;

// Webhooks get lost: every room's participants, recorded as one listing. A listing that fails
// part-way records nothing, so an outage never reads as everyone gone.
public sealed class SessionReconciler(
    IServiceScopeFactory scopes,
    ILiveKitRoomService liveKit,
    LiveKitReachability reachability,
    TimeProvider clock,
    SessionEnforcementMetrics metrics)
{
    /// <summary>How long a removal that a cap's end started may take before a listing that still shows the visitor repeats it.</summary>
    public static readonly TimeSpan RemovalGrace = TimeSpan.FromSeconds(10);

    private const int Parallelism = 8;

    /// <summary>False when LiveKit is not configured or did not answer (nothing recorded).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        if (!liveKit.IsConfigured)
        {
            return false;
        }

        // Taken before listing: a participant seen now was there at least since this time.
        var at = clock.GetUtcNow();
        var present = new ConcurrentBag<SessionPresence>();
        try
        {
            var rooms = await liveKit.ListRoomsAsync(cancellationToken).ConfigureAwait(false);
            await Parallel.ForEachAsync(
                rooms,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (room, token) =>
                {
                    foreach (var participant in await liveKit.ListParticipantsAsync(room.Name, token).ConfigureAwait(false))
                    {
                        // Agents, egress and SIP carry no session: they are not visitors.
                        if (participant.Attributes.TryGetValue(LiveKitTokenSigner.SessionIdAttribute, out var value) && Guid.TryParse(value, out var sessionId))
                        {
                            present.Add(new SessionPresence(sessionId, room.Sid, participant.JoinedAt));
                        }
                    }
                }).ConfigureAwait(false);
        }
        catch (LiveKitUnavailableException)
        {
            reachability.Failed();
            metrics.Action("listing", "failed");
            return false;
        }

        reachability.Answered();
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
        var policy = scope.ServiceProvider.GetRequiredService<SessionPolicy>();
        var ended = await sessions.RecordListingAsync([.. present], at, policy.JoinWindow, cancellationToken).ConfigureAwait(false);
        metrics.Action("listing", "done");
        foreach (var session in ended)
        {
            if (session.EndReason != SessionEndReason.OverCap)
            {
                metrics.Action("reconciled", "done");
                continue;
            }

            try
            {
                await liveKit.RemoveAsync(session, cancellationToken).ConfigureAwait(false);
                metrics.Action("over_cap", "done");
            }
            catch (LiveKitUnavailableException)
            {
                reachability.Failed();
                metrics.Action("over_cap", "failed");
            }
        }

        // Ended by a cap yet still in its room: the removal failed, or its holder stopped before retrying.
        var endedBefore = at - RemovalGrace;
        foreach (var session in await sessions.ListEndedByCapAsync([.. present.Select(p => p.SessionId).Distinct()], cancellationToken).ConfigureAwait(false))
        {
            if (session.EndedAt > endedBefore)
            {
                continue;
            }

            var action = session.EndReason!.Value.Name();
            try
            {
                await liveKit.RemoveAsync(session, cancellationToken).ConfigureAwait(false);
                metrics.Action(action, "done");
            }
            catch (LiveKitUnavailableException)
            {
                reachability.Failed();
                metrics.Action(action, "failed");
            }
        }

        return true;
    }
}
