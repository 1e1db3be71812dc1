using Agentsgt.Application.Organizations;
using Agentsgt.Application.Organizations.Commands.CreateOrganization;
using Agentsgt.Application.Organizations.Commands.SetOrganizationLimits;
using Agentsgt.Application.Organizations.Queries.ListOrganizations;

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

    private static Command SetLimitsCommand(CliContext cli) => SessionCapsCommand.Create(
        cli,
        CliOptions.Id("ORG_ID", "The organization's id."),
        "Set the organization's session caps: how many sessions all its keys together may have open (a token beyond it gets 429 session_limit), "
        + "and how long a session of a key that sets none may last. Tokens issued from now on get them; open sessions keep theirs.",
        ("its own cleared: the configured Sessions:DefaultMaxConcurrentSessions applies, unlimited unless set", "its own cleared: Sessions:DefaultMaxSessionSeconds applies"),
        (id, concurrency, seconds) => new SetOrganizationLimitsCommand(id, concurrency, seconds),
        limits => (
            $"Session caps of organization {limits.Id:D} ({limits.Name}):",
            $"{limits.MaxConcurrentSessions?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"} (from {limits.MaxConcurrentSessionsFrom})",
            $"{limits.MaxSessionSeconds} (from {limits.MaxSessionSecondsFrom})"));

    private static Task WriteAsync(CliSession session, OrganizationDto organization) => session.WriteFieldsAsync(
    [
        ("id", organization.Id.ToString("D")),
        ("name", organization.Name),
        ("created", CliSession.Time(organization.CreatedAt)),
    ]);
}
