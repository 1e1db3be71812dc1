using System.Globalization;
using System.Text.RegularExpressions;

namespace Agentsgt.Application.Sessions;

/// <summary>The usage endpoints' query values as sent (text; empty means omitted), read one way by their validators and handlers.</summary>
public static partial class UsageQueryValues
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public const string AgentIdMessage = "must be an agent id (a UUID)";
    public const string TimeMessage = "must be an RFC 3339 time in UTC or with an offset, e.g. 2026-12-01T00:00:00Z (or a date, 2026-12-01, meaning its UTC midnight)";
    public const string RangeMessage = "must be after from";
    public const string LimitMessage = "must be a whole number from 1 to 100";
    public const string GroupByMessage = "must be agent, key or day";
    public const string CursorMessage = "is not a cursor of this listing: pass nextCursor as returned, with the same agentId, from and to";

    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(30);

    public static bool IsOmitted(string? text) => string.IsNullOrWhiteSpace(text);

    public static bool TryParseAgentId(string? text, out Guid agentId) => Agent.TryParseId(text?.Trim(), out agentId);

    /// <summary>
    /// An RFC 3339 date-time (<c>T</c> or a space, <c>Z</c> or an offset) or full-date (UTC midnight).
    /// A space before the offset's digits is read as <c>+</c>: an unencoded <c>+</c> in a query string arrives as one.
    /// </summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        var match = Rfc3339().Match(text?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }

        var offset = match.Groups["offset"].Value;
        var normalized = match.Groups["date"].Value
            + (match.Groups["time"].Success ? "T" + match.Groups["time"].Value : "T00:00:00")
            + (offset.Length == 0 || offset is "z" or "Z" ? "Z" : offset[0] == ' ' ? "+" + offset[1..] : offset);
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary>True unless both times are valid and <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public static bool IsAfterFrom(string? from, string? to) =>
        !TryParseTime(from, out var start) || !TryParseTime(to, out var end) || end > start;

    public static IRuleBuilderOptions<T, string?> MustBeTimeIfGiven<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(t => IsOmitted(t) || TryParseTime(t, out _)).WithMessage(TimeMessage);

    public static bool TryParseLimit(string? text, out int limit)
    {
        if (IsOmitted(text))
        {
            limit = DefaultLimit;
            return true;
        }

        return int.TryParse(text!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit;
    }

    public static bool TryParseGrouping(string? text, out SessionUsageGrouping grouping)
    {
        grouping = SessionUsageGrouping.Day;
        switch (text?.Trim())
        {
            case null or "":
            case "day":
                return true;
            case "agent":
                grouping = SessionUsageGrouping.Agent;
                return true;
            case "key":
                grouping = SessionUsageGrouping.Key;
                return true;
            default:
                return false;
        }
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<time>\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?)(?<offset>[Zz]|[+\- ]\d{2}:\d{2}))?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Rfc3339();
}
