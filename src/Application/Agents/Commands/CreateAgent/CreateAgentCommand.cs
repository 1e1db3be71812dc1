namespace Agentsgt.Application.Agents.Commands.CreateAgent;

public sealed record CreateAgentCommand : IRequest<AgentDto>
{
    public CreateAgentCommand(Guid organizationId, string name)
    {
        OrganizationId = organizationId;
        Name = TextRules.Trim(name)!;
    }

    public Guid OrganizationId { get; }

    public string Name { get; }
}
