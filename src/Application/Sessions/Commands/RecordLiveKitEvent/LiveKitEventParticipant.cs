namespace Agentsgt.Application.Sessions.Commands.RecordLiveKitEvent;

/// <summary>
/// A visitor an event names: its identity and the ids our token put in its attributes
/// (organization and agent may be missing from a token that predates sessions).
/// </summary>
public sealed record LiveKitEventParticipant(string Identity, Guid SessionId, Guid? OrganizationId, Guid? AgentId);
