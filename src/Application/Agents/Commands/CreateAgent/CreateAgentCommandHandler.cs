using Agentsgt.Application.Organizations;
using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using MediatR;

namespace Agentsgt.Application.Agents.Commands.CreateAgent;

public sealed class CreateAgentCommandHandler : IRequestHandler<CreateAgentCommand, AgentDto>
{
    private readonly IOrganizationRepository _organizations;
    private readonly IAgentRepository _agents;
    private readonly TimeProvider _clock;

    public CreateAgentCommandHandler(IOrganizationRepository organizations, IAgentRepository agents, TimeProvider clock)
    {
        _organizations = organizations;
        _agents = agents;
        _clock = clock;
    }

    public async Task<AgentDto> Handle(CreateAgentCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        var agent = new Agent(Guid.NewGuid(), request.OrganizationId, request.Name, _clock.GetUtcNow());
        await _agents.AddAsync(agent, cancellationToken).ConfigureAwait(false);
        return AgentDto.From(agent);
    }
}
