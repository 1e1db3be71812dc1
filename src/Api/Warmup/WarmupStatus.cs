namespace Agentsgt.Api.Warmup;

/// <summary>Where the warm-up is, for the readiness check.</summary>
public sealed class WarmupStatus
{
    private volatile string? _result;

    public bool IsDone => _result is not null;

    /// <summary>What the warm-up did, once it is over.</summary>
    public string? Result => _result;

    public int Requests { get; private set; }

    public TimeSpan Duration { get; private set; }

    public void Complete(string result, int requests, TimeSpan duration)
    {
        Requests = requests;
        Duration = duration;
        _result = result;
    }
}
