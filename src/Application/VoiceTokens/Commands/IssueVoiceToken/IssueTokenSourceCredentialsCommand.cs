using Agentsgt.Application.ApiKeys.Authentication;
using MediatR;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The same token, asked for in LiveKit's standardized token-endpoint schema
/// (<c>TokenSource.endpoint</c> in LiveKit's client SDKs): snake_case fields, an optional
/// <c>room_config</c>, and <see cref="TokenSourceCredentialsDto"/> back.
/// </summary>
public sealed record IssueTokenSourceCredentialsCommand : VoiceTokenRequest, IRequest<TokenSourceCredentialsDto>
{
    public IssueTokenSourceCredentialsCommand(AuthenticatedCaller caller, string? roomName, string? participantIdentity, string? participantName)
        : base(caller, roomName, participantIdentity, participantName)
    {
    }

    public override VoiceTokenFieldNames Fields => VoiceTokenFieldNames.TokenSource;
}
