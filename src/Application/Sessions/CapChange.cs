namespace Agentsgt.Application.Sessions;

/// <summary>
/// A new value for one of a key's or an organization's own caps: a number, or <see cref="Clear"/>
/// (none at that level: the key or organization inherits). Where a command takes a null change, the cap stays as it is.
/// </summary>
public sealed record CapChange(int? Value)
{
    public const int MaxConcurrentSessionsLimit = 100_000;

    public const int MaxSessionSecondsLimit = 604_800;

    public static readonly CapChange Clear = new((int?)null);

    public const string ConcurrencyMessage = "maxConcurrentSessions must be from 1 to 100000, or none";
    public const string SecondsMessage = "maxSessionSeconds must be from 1 to 604800, or default";
    public const string NothingMessage = "give at least one cap to change";

    /// <summary>Sets the cap through <paramref name="set"/> unless <paramref name="change"/> is null (unchanged).</summary>
    public static void Apply(CapChange? change, Action<int?> set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (change is not null)
        {
            set(change.Value);
        }
    }

    public static bool IsWithin(CapChange? change, int limit) => change?.Value is not { } value || (value >= SessionCaps.MinValue && value <= limit);
}
