using Agentsgt.Infrastructure.Health;

namespace Agentsgt.Infrastructure.LiveKit;

/// <summary>
/// Logs an outage of LiveKit's RoomService as an operator wants to read it: one error when a call
/// first fails (method and reason, never a token or a body), and one line when a call succeeds
/// again, with how long it was down and how many calls failed meanwhile. Calls in between log nothing.
/// </summary>
internal sealed partial class RoomServiceOutageLog(ILogger logger, TimeProvider clock)
{
    private readonly Outage _outage = new(clock);

    public void CallFailed(string method, string reason, Uri address)
    {
        if (_outage.Failed())
        {
            LogOutageStarted(logger, method, address.Authority, reason);
        }
    }

    public void CallAnswered()
    {
        if (_outage.Ended() is { } ended)
        {
            LogOutageEnded(logger, ended.DownSeconds, ended.Failures);
        }
    }

    [LoggerMessage(EventId = 5041, EventName = "LiveKitRoomServiceOutageStarted", Level = LogLevel.Error,
        Message = "LiveKit RoomService unavailable: {Method} at {Authority} failed ({Reason}). Session caps are not enforced on LiveKit until it answers again.")]
    private static partial void LogOutageStarted(ILogger logger, string method, string authority, string reason);

    [LoggerMessage(EventId = 5042, EventName = "LiveKitRoomServiceOutageEnded", Level = LogLevel.Warning,
        Message = "LiveKit RoomService answers again after {DownSeconds} s; {FailedCalls} call(s) failed meanwhile.")]
    private static partial void LogOutageEnded(ILogger logger, double downSeconds, long failedCalls);
}
