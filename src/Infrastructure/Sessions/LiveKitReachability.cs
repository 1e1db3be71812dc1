namespace Agentsgt.Infrastructure.Sessions;

/// <summary>
/// Whether the last RoomService call of enforcement or reconciliation got an answer. The client
/// logs each outage once; this only steers what enforcement does while LiveKit is away.
/// </summary>
public sealed class LiveKitReachability
{
    private int _down;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    public void Failed() => Volatile.Write(ref _down, 1);

    public void Answered() => Volatile.Write(ref _down, 0);
}
