namespace Agentsgt.Infrastructure.Sessions;

/// <summary>What timed enforcement, reconciliation and retention did, by action and result.</summary>
public sealed class SessionEnforcementMetrics
{
    public const string MeterName = "Agentsgt.Sessions.Enforcement";
    public const string ActionsName = "agentsgt.sessions.enforcement.actions";
    public const string LeadingName = "agentsgt.sessions.enforcement.leading";
    public const string DeletedName = "agentsgt.sessions.retention.deleted";

    private readonly Counter<long> _actions;
    private readonly Counter<long> _deleted;
    private int _leading;

    public SessionEnforcementMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _actions = meter.CreateCounter<long>(ActionsName, "{action}", "Enforcement actions by action (warning, duration_cap, over_cap, never_joined, reconciled, expired, listing) and result (done, failed, skipped).");
        _deleted = meter.CreateCounter<long>(DeletedName, "{row}", "Rows removed by retention, by table.");
        meter.CreateObservableGauge(LeadingName, () => Volatile.Read(ref _leading), "{instance}", "1 while this instance holds the enforcement lease.");
    }

    public void Action(string action, string result, long count = 1)
    {
        if (count > 0)
        {
            _actions.Add(count, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("result", result));
        }
    }

    public void Deleted(string table, int rows)
    {
        if (rows > 0)
        {
            _deleted.Add(rows, new KeyValuePair<string, object?>("table", table));
        }
    }

    public void Leading(bool leading) => Volatile.Write(ref _leading, leading ? 1 : 0);
}
