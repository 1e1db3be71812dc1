namespace Agentsgt.Infrastructure.Persistence;

/// <summary>
/// A LiveKit room (by sid) that <c>room_finished</c> reported, kept as long as event ids: a join
/// that arrives after it still ends at the finish.
/// </summary>
public sealed class FinishedRoom
{
    public FinishedRoom(string roomSid, DateTimeOffset finishedAt, DateTimeOffset receivedAt)
    {
        RoomSid = roomSid;
        FinishedAt = finishedAt;
        ReceivedAt = receivedAt;
    }

    public string RoomSid { get; private set; }

    public DateTimeOffset FinishedAt { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }
}
