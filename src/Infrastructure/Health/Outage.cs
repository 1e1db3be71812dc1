namespace Agentsgt.Infrastructure.Health;

/// <summary>The state behind an outage's two log lines: when it started and how many failures it cost.</summary>
public sealed class Outage(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private volatile bool _down;
    private long _failures;
    private DateTimeOffset _since;

    /// <summary>Counts a failure; true when it starts the outage.</summary>
    public bool Failed()
    {
        lock (_gate)
        {
            _failures++;
            if (_down)
            {
                return false;
            }

            _down = true;
            _since = clock.GetUtcNow();
            return true;
        }
    }

    /// <summary>Ends the outage under way: its length (seconds, one decimal) and the failures it cost; null when there was none.</summary>
    public (double DownSeconds, long Failures)? Ended()
    {
        if (!_down)
        {
            return null;
        }

        long failures;
        DateTimeOffset since;
        lock (_gate)
        {
            if (!_down)
            {
                return null;
            }

            _down = false;
            failures = _failures;
            since = _since;
            _failures = 0;
        }

        return (Math.Round((clock.GetUtcNow() - since).TotalSeconds, 1), failures);
    }
}
