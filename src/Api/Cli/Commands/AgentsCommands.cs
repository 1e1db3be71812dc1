using System.CommandLine;
using Agentsgt.Application.Agents;
using Agentsgt.Application.Agents.Commands.CreateAgent;
using Agentsgt.Application.Agents.Commands.DeleteAgent;
using Agentsgt.Application.Agents.Queries.ListAgents;

namespace Agentsgt.Api.Cli.Commands;

/// <summary><c>agents create --org ID NAME</c>, <c>agents list --org ID</c>, <c>agents delete ID</c>.</summary>
internal static class AgentsCommands
{
    public static Command Create(CliContext cli) => new("agents", "Agents: what visitors talk to; the token endpoint's {agentId}.")
    {
        CreateCommand(cli),
        ListCommand(cli),
        DeleteCommand(cli),
    };

    private static Command CreateCommand(CliContext cli)
    {
        var organization = CliOptions.Organization(required: true, "The id of the organization that owns the agent.");
        var name = CliOptions.Name("The agent's name (at most 200 characters; quote it if it has spaces).");
        var command = new Command("create", "Create an agent and print its id (the {agentId} of the token endpoint).") { organization, name };
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var agent = await session.Mediator.Send(new CreateAgentCommand(parse.GetValue(organization), parse.GetRequiredValue(name)), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(agent).ConfigureAwait(false);
                return;
            }

            await session.WriteLineAsync("Agent created.").ConfigureAwait(false);
            await WriteAsync(session, agent).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command ListCommand(CliContext cli)
    {
        var organization = CliOptions.Organization(required: true);
        var command = new Command("list", "List an organization's agents, deleted ones included, oldest first.") { organization };
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var agents = await session.Mediator.Send(new ListAgentsQuery(parse.GetValue(organization)), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(new { agents }).ConfigureAwait(false);
                return;
            }

            await session.WriteTableAsync(
                ["ID", "NAME", "CREATED", "DELETED"],
                agents.Select(a => (IReadOnlyList<string>)[a.Id.ToString("D"), a.Name, CliSession.Time(a.CreatedAt), CliSession.Time(a.DeletedAt)]).ToList(),
                "No agents.").ConfigureAwait(false);
        }));
        return command;
    }

    private static Command DeleteCommand(CliContext cli)
    {
        var id = CliOptions.Id("ID", "The agent's id.");
        var command = new Command(
            "delete",
            "Delete an agent (soft delete: the row is kept). The token endpoint answers 404 for it from the next request on. Deleting it again changes nothing.")
        {
            id,
        };
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var result = await session.Mediator.Send(new DeleteAgentCommand(parse.GetValue(id)), cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(result).ConfigureAwait(false);
                return;
            }

            var agent = result.Agent;
            await session.WriteLineAsync(result.AlreadyDeleted
                ? $"Agent {agent.Id:D} was already deleted at {CliSession.Time(agent.DeletedAt)}."
                : $"Agent {agent.Id:D} deleted; the token endpoint answers 404 for it from now on.").ConfigureAwait(false);
        }));
        return command;
    }

    private static Task WriteAsync(CliSession session, AgentDto agent) => session.WriteFieldsAsync(
    [
        ("id", agent.Id.ToString("D")),
        ("organization", agent.OrganizationId.ToString("D")),
        ("name", agent.Name),
        ("created", CliSession.Time(agent.CreatedAt)),
    ]);
}
