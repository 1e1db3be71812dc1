namespace Agentsgt.Application.Agents.Commands.CreateAgent;

public sealed class CreateAgentCommandHandler(IOrganizationRepository organizations, IAgentRepository agents, TimeProvider clock, IMapper mapper) : IRequestHandler<CreateAgentCommand, AgentDto>
{
    public async Task<AgentDto> Handle(CreateAgentCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        var agent = new Agent(Guid.NewGuid(), request.OrganizationId, request.Name, clock.GetUtcNow());
        await agents.AddAsync(agent, cancellationToken).ConfigureAwait(false);
        return mapper.Map<AgentDto>(agent);
    }
}
