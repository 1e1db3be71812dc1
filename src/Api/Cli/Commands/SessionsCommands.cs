using Agentsgt.Application.Sessions.Queries.ListSessions;

namespace Agentsgt.Api.Cli.Commands;

/// <summary><c>sessions list --org ID [--agent ID] [--limit N] [--cursor TEXT]</c>.</summary>
internal static class SessionsCommands
{
    public static Command Create(CliContext cli) => new("sessions", "Voice sessions: one per token issued, from the token to the visitor leaving.")
    {
        ListCommand(cli),
    };

    private static Command ListCommand(CliContext cli)
    {
        var organization = CliOptions.Organization(required: true);
        var agent = new Option<Guid?>("--agent")
        {
            Description = "Only this agent's sessions.",
            HelpName = "ID",
            CustomParser = result => CliOptions.ParseId(result, "--agent"),
        };
        var limit = new Option<string>("--limit")
        {
            Description = $"At most this many, {1}–{UsageQueryValues.MaxLimit}; default {UsageQueryValues.DefaultLimit}.",
            HelpName = "N",
            CustomParser = result => CliOptions.Parse(result, "--limit", text => UsageQueryValues.TryParseLimit(text, out _), $"is not a number from 1 to {UsageQueryValues.MaxLimit}"),
        };
        var cursor = new Option<string>("--cursor") { Description = "The next page: the nextCursor a previous --json listing printed (same --agent).", HelpName = "TEXT" };
        var command = new Command("list", "List an organization's sessions, newest first: agent, key, room, visitor, issued, joined, ended, end reason, seconds.")
        {
            organization,
            agent,
            limit,
            cursor,
        };
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var query = new ListSessionsQuery(parse.GetValue(organization))
            {
                AgentId = parse.GetValue(agent)?.ToString("D"),
                Limit = parse.GetValue(limit),
                Cursor = parse.GetValue(cursor),
            };
            var list = await session.Mediator.Send(query, cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(list).ConfigureAwait(false);
                return;
            }

            await session.WriteTableAsync(
                ["SESSION", "AGENT", "KEY", "ROOM", "VISITOR", "ISSUED", "JOINED", "ENDED", "REASON", "SECONDS"],
                list.Sessions.Select(s => (IReadOnlyList<string>)
                [
                    s.SessionId.ToString("D"),
                    s.AgentId.ToString("D"),
                    s.PublicKey,
                    s.RoomName,
                    s.VisitorId,
                    CliSession.Time(s.IssuedAt),
                    CliSession.Time(s.JoinedAt),
                    s.EndedAt is null ? "open" : CliSession.Time(s.EndedAt),
                    s.EndReason ?? "-",
                    s.Seconds.ToString(CultureInfo.InvariantCulture),
                ]).ToList(),
                "No sessions.").ConfigureAwait(false);
            if (list.NextCursor is not null)
            {
                await session.WriteLineAsync($"More: add --cursor {list.NextCursor}").ConfigureAwait(false);
            }
        }));
        return command;
    }
}
