namespace Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;

public sealed class SetAgentLiveKitNameCommandHandler(IAgentRepository agents) : IRequestHandler<SetAgentLiveKitNameCommand, Unit>
{
    public async Task<Unit> Handle(SetAgentLiveKitNameCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Read, change through the entity (which enforces the name rule once more), save: as DeleteAgent does.
        var agent = await agents.GetAsync(request.AgentId, cancellationToken).ConfigureAwait(false);
        if (agent is null || agent.IsDeleted)
        {
            throw new NotFoundException("Agent not found.");
        }

        agent.SetLiveKitAgentName(request.LiveKitAgentName);
        await agents.UpdateAsync(agent, cancellationToken).ConfigureAwait(false);
        return Unit.Value;
    }
}
