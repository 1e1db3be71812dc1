namespace Agentsgt.Infrastructure.Sessions;

/// <summary>Whether enforcement's last RoomService call got an answer (the client logs outages; this steers enforcement).</summary>
public sealed class LiveKitReachability
{
    private int _down;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    public void Failed() => Volatile.Write(ref _down, 1);

    public void Answered() => Volatile.Write(ref _down, 0);
}
