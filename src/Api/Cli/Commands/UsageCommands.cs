using Agentsgt.Application.Sessions.Queries.GetUsage;

namespace Agentsgt.Api.Cli.Commands;

/// <summary><c>usage --org ID [--from TIME] [--to TIME] [--by agent|key|day]</c>.</summary>
internal static class UsageCommands
{
    public static Command Create(CliContext cli)
    {
        var organization = CliOptions.Organization(required: true);
        var from = Time("--from", "Start of the range, inclusive (RFC 3339, e.g. 2026-12-01T00:00:00Z, or a date: its UTC midnight). Default: 30 days before --to.");
        var to = Time("--to", "End of the range, exclusive (same forms). Default: now.");
        var by = new Option<string>("--by")
        {
            Description = "Group by agent (id), key (public key) or day (UTC day of the join). Default: day.",
            HelpName = "agent|key|day",
            CustomParser = result => CliOptions.Parse(result, "--by", text => UsageQueryValues.TryParseGrouping(text, out _), "must be agent, key or day"),
        };
        var command = new Command(
            "usage",
            "Sessions joined in [--from, --to) and their seconds (each rounded up; an open one counts up to now), per group and in total.")
        {
            organization,
            from,
            to,
            by,
        };
        command.Validators.Add(result =>
        {
            // The tokens, not the values: reading an option that failed to parse throws.
            static string? Text(System.CommandLine.Parsing.OptionResult? option) => option?.Tokens.Count > 0 ? option.Tokens[0].Value : null;
            if (!UsageQueryValues.IsAfterFrom(Text(result.GetResult(from)), Text(result.GetResult(to))))
            {
                result.AddError("--to must be after --from.");
            }
        });
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var query = new GetUsageQuery(parse.GetValue(organization)) { From = parse.GetValue(from), To = parse.GetValue(to), GroupBy = parse.GetValue(by) };
            var usage = await session.Mediator.Send(query, cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(usage).ConfigureAwait(false);
                return;
            }

            var grouping = string.IsNullOrWhiteSpace(query.GroupBy) ? "day" : query.GroupBy.Trim();
            await session.WriteLineAsync($"Sessions joined from {CliSession.Time(usage.From)} to {CliSession.Time(usage.To)}, by {grouping}:").ConfigureAwait(false);
            var rows = usage.Groups.Select(g => (IReadOnlyList<string>)[g.Key, Number(g.Sessions), Number(g.Seconds), Minutes(g.Seconds)]).ToList();
            rows.Add(["TOTAL", Number(usage.Total.Sessions), Number(usage.Total.Seconds), Minutes(usage.Total.Seconds)]);
            await session.WriteTableAsync([grouping.ToUpperInvariant(), "SESSIONS", "SECONDS", "MINUTES"], rows, string.Empty).ConfigureAwait(false);
        }));
        return command;
    }

    private static Option<string> Time(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "TIME",
        CustomParser = result => CliOptions.Parse(result, name, text => UsageQueryValues.TryParseTime(text, out _), "is not an RFC 3339 time (e.g. 2026-12-01T00:00:00Z) or a date (2026-12-01)"),
    };

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Minutes(long seconds) => (seconds / 60.0).ToString("0.0", CultureInfo.InvariantCulture);
}
