using Agentsgt.Application.Agents;
using Agentsgt.Application.Agents.Commands.CreateAgent;
using Agentsgt.Application.Agents.Commands.DeleteAgent;
using Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;
using Agentsgt.Application.Agents.Queries.ListAgents;

namespace Agentsgt.Api.Cli.Commands;

internal static class AgentsCommands
{
    public static Command Create(CliContext cli) => new("agents", "Agents: what visitors talk to; the token endpoint's {agentId}.")
    {
        CreateCommand(cli),
        ListCommand(cli),
        DeleteCommand(cli),
        SetLiveKitNameCommand(cli),
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
                ["ID", "NAME", "LIVEKIT AGENT", "CREATED", "DELETED"],
                agents.Select(a => (IReadOnlyList<string>)[a.Id.ToString("D"), a.Name, a.LiveKitAgentName ?? "-", CliSession.Time(a.CreatedAt), CliSession.Time(a.DeletedAt)]).ToList(),
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

    private static Command SetLiveKitNameCommand(CliContext cli)
    {
        var id = CliOptions.Id("ID", "The agent's id.");
        var name = new Argument<string?>("NAME")
        {
            Description = "The LiveKit agent (worker) name to dispatch explicitly: 1-128 of A-Z a-z 0-9 . _ -",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var clear = new Option<bool>("--clear") { Description = "Remove the name: tokens route by room name only." };
        var command = new Command(
            "set-livekit-name",
            "Set the LiveKit agent (worker) every token for this agent dispatches (roomConfig.agents), or --clear it. Takes effect on the next token.")
        {
            id,
            name,
            clear,
        };
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var value = parse.GetValue(name);
            if (parse.GetValue(clear) == !string.IsNullOrWhiteSpace(value))
            {
                throw new CliInputException("give either a NAME or --clear.");
            }

            var agentId = parse.GetValue(id);
            var request = new SetAgentLiveKitNameCommand(agentId, value);
            await session.Mediator.Send(request, cancellationToken).ConfigureAwait(false);

            // What was stored: the command's name (trimmed by the command, null when cleared).
            var stored = request.LiveKitAgentName;
            if (session.Json)
            {
                await session.WriteJsonAsync(new { agentId, liveKitAgentName = stored }).ConfigureAwait(false);
                return;
            }

            await session.WriteLineAsync(stored is null
                ? $"Agent {agentId:D} dispatches no LiveKit agent explicitly; rooms route by name."
                : $"Agent {agentId:D} dispatches LiveKit agent '{stored}'.").ConfigureAwait(false);
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
