namespace Agentsgt.Application.Agents;

public sealed record AgentDto(Guid Id, Guid OrganizationId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt, string? LiveKitAgentName);
