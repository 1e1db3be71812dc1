namespace Agentsgt.Application.Agents.Commands.CreateAgent;

/// <summary>Create an agent in an existing organization.</summary>
public sealed record CreateAgentCommand : IRequest<AgentDto>
{
    public CreateAgentCommand(Guid organizationId, string name)
    {
        OrganizationId = organizationId;
        Name = TextRules.Trim(name)!;
    }

    public Guid OrganizationId { get; }

    /// <summary>Trimmed here, the one place; the validator rejects it when blank (null included).</summary>
    public string Name { get; }
}
