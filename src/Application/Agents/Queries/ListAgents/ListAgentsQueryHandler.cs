namespace Agentsgt.Application.Agents.Queries.ListAgents;

public sealed class ListAgentsQueryHandler(IOrganizationRepository organizations, IAgentRepository agents, IMapper mapper) : IRequestHandler<ListAgentsQuery, IReadOnlyList<AgentDto>>
{
    public async Task<IReadOnlyList<AgentDto>> Handle(ListAgentsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // An empty list must mean "no agents", not "mistyped organization id".
        await organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        var list = await agents.ListByOrganizationAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);
        return mapper.Map<List<AgentDto>>(list);
    }
}
