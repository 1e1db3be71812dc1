using Agentsgt.Application.Organizations;
using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.Agents.Queries.ListAgents;

public sealed class ListAgentsQueryHandler : IRequestHandler<ListAgentsQuery, IReadOnlyList<AgentDto>>
{
    private readonly IOrganizationRepository _organizations;
    private readonly IAgentRepository _agents;

    public ListAgentsQueryHandler(IOrganizationRepository organizations, IAgentRepository agents)
    {
        _organizations = organizations;
        _agents = agents;
    }

    public async Task<IReadOnlyList<AgentDto>> Handle(ListAgentsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // An empty list must mean "no agents", not "mistyped organization id".
        await _organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        var agents = await _agents.ListByOrganizationAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);
        return agents.Select(AgentDto.From).ToList();
    }
}
