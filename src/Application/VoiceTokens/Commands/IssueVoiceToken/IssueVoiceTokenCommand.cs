using Agentsgt.Domain.ValueObjects;
using MediatR;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// Issue a LiveKit token for a visitor to talk to an agent. Optional fields are trimmed here,
/// and an empty value means "not given", so validator and handler see the same values.
/// </summary>
public sealed record IssueVoiceTokenCommand : IRequest<VoiceTokenDto>
{
    public IssueVoiceTokenCommand(string agentId, Guid organizationId, string? roomName, string? visitorId, string? visitorName)
    {
        AgentId = agentId;
        OrganizationId = organizationId;
        RoomName = ParticipantText.Normalize(roomName);
        VisitorId = ParticipantText.Normalize(visitorId);
        VisitorName = ParticipantText.Normalize(visitorName);
    }

    /// <summary>The agent id exactly as the path gave it; not necessarily a UUID.</summary>
    public string AgentId { get; }

    /// <summary>The organization of the authenticated API key.</summary>
    public Guid OrganizationId { get; }

    public string? RoomName { get; }

    public string? VisitorId { get; }

    public string? VisitorName { get; }

    /// <summary>The path's agent id as a UUID, when it is one (canonical form, any case).</summary>
    public bool TryGetAgentGuid(out Guid agentId) => Guid.TryParseExact(AgentId, "D", out agentId);
}
