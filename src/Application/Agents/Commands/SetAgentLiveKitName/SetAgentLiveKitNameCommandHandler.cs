using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;

public sealed class SetAgentLiveKitNameCommandHandler : IRequestHandler<SetAgentLiveKitNameCommand, Unit>
{
    private readonly IAgentRepository _agents;

    public SetAgentLiveKitNameCommandHandler(IAgentRepository agents)
    {
        _agents = agents;
    }

    public async Task<Unit> Handle(SetAgentLiveKitNameCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await _agents.SetLiveKitAgentNameAsync(request.AgentId, request.LiveKitAgentName, cancellationToken).ConfigureAwait(false))
        {
            throw new NotFoundException("Agent not found.");
        }

        return Unit.Value;
    }
}
