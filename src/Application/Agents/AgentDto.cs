namespace Agentsgt.Application.Agents;

/// <param name="LiveKitAgentName">The LiveKit agent (worker) its tokens dispatch explicitly; null when routing by room name.</param>
public sealed record AgentDto(Guid Id, Guid OrganizationId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt, string? LiveKitAgentName);
