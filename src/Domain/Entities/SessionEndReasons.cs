namespace Agentsgt.Domain.Entities;

/// <summary>The one spelling of each <see cref="SessionEndReason"/>, in the database and on the wire.</summary>
public static class SessionEndReasons
{
    private static readonly Dictionary<SessionEndReason, string> Names = new()
    {
        [SessionEndReason.Left] = "left",
        [SessionEndReason.RoomFinished] = "room_finished",
        [SessionEndReason.DurationCap] = "duration_cap",
        [SessionEndReason.OverCap] = "over_cap",
        [SessionEndReason.NeverJoined] = "never_joined",
        [SessionEndReason.Reconciled] = "reconciled",
        [SessionEndReason.Expired] = "expired",
    };

    private static readonly Dictionary<string, SessionEndReason> ByName = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static string Name(this SessionEndReason reason) => Names[reason];

    public static bool TryParse(string? name, out SessionEndReason reason) => ByName.TryGetValue(name ?? string.Empty, out reason);

    public static SessionEndReason Parse(string name) =>
        TryParse(name, out var reason) ? reason : throw new ArgumentException("Not a session end reason.", nameof(name));

    /// <summary>An end the service itself enforced: it wins over the <c>left</c> that follows its removal.</summary>
    public static bool IsEnforcement(this SessionEndReason reason) => reason is SessionEndReason.DurationCap or SessionEndReason.OverCap;
}
