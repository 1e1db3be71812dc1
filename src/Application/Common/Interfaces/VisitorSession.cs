namespace Agentsgt.Application.Common.Interfaces;

/// <summary>What one publishable-key visitor was issued: the key, agent and organization it came through, its room and identity.</summary>
public sealed record VisitorSession(Guid ApiKeyId, Guid AgentId, Guid OrganizationId, string RoomName, string Identity);
