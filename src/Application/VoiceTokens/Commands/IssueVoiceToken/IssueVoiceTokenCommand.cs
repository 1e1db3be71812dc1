using Agentsgt.Application.ApiKeys.Authentication;
using MediatR;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// Issue a LiveKit token for a visitor to talk to an agent: the contract's
/// <c>POST /api/v1/agents/{agentId}/livekit/token</c>, camelCase fields, <see cref="VoiceTokenDto"/> back.
/// </summary>
public sealed record IssueVoiceTokenCommand : VoiceTokenRequest, IRequest<VoiceTokenDto>
{
    public IssueVoiceTokenCommand(AuthenticatedCaller caller, string? roomName, string? visitorId, string? visitorName)
        : base(caller, roomName, visitorId, visitorName)
    {
    }

    public override VoiceTokenFieldNames Fields => VoiceTokenFieldNames.Contract;
}
