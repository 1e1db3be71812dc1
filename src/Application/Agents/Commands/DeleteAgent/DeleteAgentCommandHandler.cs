using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.Agents.Commands.DeleteAgent;

public sealed class DeleteAgentCommandHandler : IRequestHandler<DeleteAgentCommand, DeleteAgentResult>
{
    private readonly IAgentRepository _agents;
    private readonly TimeProvider _clock;

    public DeleteAgentCommandHandler(IAgentRepository agents, TimeProvider clock)
    {
        _agents = agents;
        _clock = clock;
    }

    public async Task<DeleteAgentResult> Handle(DeleteAgentCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agent = await _agents.GetAsync(request.AgentId, cancellationToken).ConfigureAwait(false)
                    ?? throw new NotFoundException($"agent {request.AgentId:D} does not exist");
        if (agent.IsDeleted)
        {
            return new DeleteAgentResult(AgentDto.From(agent), AlreadyDeleted: true);
        }

        agent.Delete(_clock.GetUtcNow());
        await _agents.UpdateAsync(agent, cancellationToken).ConfigureAwait(false);
        return new DeleteAgentResult(AgentDto.From(agent), AlreadyDeleted: false);
    }
}
