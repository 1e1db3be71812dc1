namespace Agentsgt.Application.Agents.Commands.DeleteAgent;

public sealed class DeleteAgentCommandHandler(IAgentRepository agents, TimeProvider clock, IMapper mapper) : IRequestHandler<DeleteAgentCommand, DeleteAgentResult>
{
    public async Task<DeleteAgentResult> Handle(DeleteAgentCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agent = await agents.GetAsync(request.AgentId, cancellationToken).ConfigureAwait(false)
                    ?? throw new NotFoundException($"agent {request.AgentId:D} does not exist");
        if (agent.IsDeleted)
        {
            return new DeleteAgentResult(mapper.Map<AgentDto>(agent), AlreadyDeleted: true);
        }

        agent.Delete(clock.GetUtcNow());
        await agents.UpdateAsync(agent, cancellationToken).ConfigureAwait(false);
        return new DeleteAgentResult(mapper.Map<AgentDto>(agent), AlreadyDeleted: false);
    }
}
