namespace Agentsgt.Application.Common.Interfaces;

public sealed record VisitorSession(Guid ApiKeyId, Guid AgentId, Guid OrganizationId, string RoomName, string Identity);
