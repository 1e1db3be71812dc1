using System.CommandLine;
using Agentsgt.Application.Organizations;
using Agentsgt.Application.Organizations.Commands.CreateOrganization;
using Agentsgt.Application.Organizations.Commands.SetOrganizationLimits;
using Agentsgt.Application.Organizations.Queries.ListOrganizations;
using Agentsgt.Application.Sessions;

namespace Agentsgt.Api.Cli.Commands;

internal static class OrgsCommands
{
    public static Command Create(CliContext cli) => new("orgs", "Organizations: the customers that own agents and API keys.")
    {
        CreateCommand(cli),
        ListCommand(cli),
        SetLimitsCommand(cli),
    };

    private static Command CreateCommand(CliContext cli)
    {
        var name = CliOptions.Name("The customer's name (at most 200 characters; quote it if it has spaces).");
        var command = new Command("create", "Create an organization and print its id.") { name };
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var organization = await session.Mediator.Send(new CreateOrganizationCommand(parse.GetRequiredValue(name)), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(organization).ConfigureAwait(false);
                return;
            }

            await session.WriteLineAsync("Organization created.").ConfigureAwait(false);
            await WriteAsync(session, organization).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command ListCommand(CliContext cli)
    {
        var command = new Command("list", "List every organization, oldest first.");
        command.SetAction(cli.Action(async (_, session, cancellationToken) =>
        {
            var organizations = await session.Mediator.Send(new ListOrganizationsQuery(), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(new { organizations }).ConfigureAwait(false);
                return;
            }

            await session.WriteTableAsync(
                ["ID", "NAME", "CREATED"],
                organizations.Select(o => (IReadOnlyList<string>)[o.Id.ToString("D"), o.Name, CliSession.Time(o.CreatedAt)]).ToList(),
                "No organizations.").ConfigureAwait(false);
        }));
        return command;
    }

    private static Command SetLimitsCommand(CliContext cli)
    {
        var id = CliOptions.Id("ORG_ID", "The organization's id.");
        var concurrency = CliOptions.MaxConcurrentSessions("its own cleared: the configured Sessions:DefaultMaxConcurrentSessions applies, unlimited unless set");
        var seconds = CliOptions.MaxSessionSeconds("its own cleared: Sessions:DefaultMaxSessionSeconds applies");
        var command = new Command(
            "set-limits",
            "Set the organization's session caps: how many sessions all its keys together may have open (a token beyond it gets 429 session_limit), "
            + "and how long a session of a key that sets none may last. Tokens issued from now on get them; open sessions keep theirs.")
        {
            id,
            concurrency,
            seconds,
        };
        command.Validators.Add(result => RequireOneCap(result, concurrency, seconds));
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var limits = await session.Mediator.Send(
                new SetOrganizationLimitsCommand(parse.GetValue(id), parse.GetValue(concurrency), parse.GetValue(seconds)),
                cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(limits).ConfigureAwait(false);
                return;
            }

            await session.WriteLineAsync($"Session caps of organization {limits.Id:D} ({limits.Name}):").ConfigureAwait(false);
            await session.WriteFieldsAsync(
            [
                ("max concurrent sessions", $"{CapText(limits.MaxConcurrentSessions, "unlimited")} (from {limits.MaxConcurrentSessionsFrom})"),
                ("max session seconds", $"{limits.MaxSessionSeconds} (from {limits.MaxSessionSecondsFrom})"),
            ]).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>A set-limits command needs something to set.</summary>
    internal static void RequireOneCap(System.CommandLine.Parsing.CommandResult result, Option<CapChange?> concurrency, Option<CapChange?> seconds)
    {
        if (result.GetResult(concurrency) is null && result.GetResult(seconds) is null)
        {
            result.AddError("nothing to set: give --max-concurrent-sessions N|none and/or --max-session-seconds N|default.");
        }
    }

    internal static string CapText(int? value, string none) => value?.ToString(CultureInfo.InvariantCulture) ?? none;

    private static Task WriteAsync(CliSession session, OrganizationDto organization) => session.WriteFieldsAsync(
    [
        ("id", organization.Id.ToString("D")),
        ("name", organization.Name),
        ("created", CliSession.Time(organization.CreatedAt)),
    ]);
}
