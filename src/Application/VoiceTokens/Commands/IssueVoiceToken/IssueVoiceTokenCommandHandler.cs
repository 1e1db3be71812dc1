using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.ValueObjects;
using AutoMapper;
using MediatR;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The token request's hot path, after authentication and validation: the 404 decision on the
/// agent read with the key, and one signature. Both endpoints come through <see cref="Issue"/>;
/// they differ only in the DTO mapped at the end.
/// </summary>
public sealed class IssueVoiceTokenCommandHandler(ILiveKitTokenSigner signer, TimeProvider clock, IMapper mapper)
    : IRequestHandler<IssueVoiceTokenCommand, VoiceTokenDto>,
      IRequestHandler<IssueTokenSourceCredentialsCommand, TokenSourceCredentialsDto>
{
    public Task<VoiceTokenDto> Handle(IssueVoiceTokenCommand request, CancellationToken cancellationToken) =>
        Task.FromResult(mapper.Map<VoiceTokenDto>(Issue(request)));

    public Task<TokenSourceCredentialsDto> Handle(IssueTokenSourceCredentialsCommand request, CancellationToken cancellationToken) =>
        Task.FromResult(mapper.Map<TokenSourceCredentialsDto>(Issue(request)));

    private IssuedVoiceToken Issue(VoiceTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The database call of this request already happened, once, before rate limiting and the
        // body checks: ApiKeyAuthenticator read the key and the path's agent in one statement
        // (IApiKeyRepository.FindKeyAndAgentAsync), and request.Caller carries what it found — the
        // agent only if it is live and in the key's organization (never reveal another's). Here,
        // after validation (check 6), its absence becomes the 404 (check 7). An agent outside a
        // publishable key's allow-list answers exactly like a missing one.
        if (request.Caller.PermittedAgent is not { } agent)
        {
            throw new NotFoundException("Agent not found.");
        }

        // A client may ask to dispatch this agent's own worker (LiveKit's SDKs send agent_name when
        // the app sets one) and nothing else; the token dispatches it whether asked or not.
        if (request.RequestedAgentName is { } requested && !string.Equals(requested, agent.LiveKitAgentName, StringComparison.Ordinal))
        {
            throw new ValidationException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                [request.Fields.DispatchAgentName(0)] = [VoiceTokenRequestValidator.NotThisAgentMessage],
            });
        }

        if (!signer.IsConfigured)
        {
            throw new VoiceNotConfiguredException();
        }

        var room = request.FullRoomName
                   ?? (request.RoomName is { } shortName
                       ? RoomName.FromShortName(agent.Id, request.OrganizationId, shortName)
                       : RoomName.CreateRandom(agent.Id, request.OrganizationId));
        var identity = request.VisitorId ?? ParticipantText.NewVisitorIdentity();
        var displayName = request.VisitorName ?? ParticipantText.DefaultVisitorName;

        // The signing call.
        var signed = signer.Sign(new VoiceGrant(
            room.Value,
            identity,
            displayName,
            agent.Id,
            request.OrganizationId,
            clock.GetUtcNow(),
            request.Lifetime)
        {
            Metadata = request.Metadata,
            Attributes = request.Attributes,
            DispatchAgentName = agent.LiveKitAgentName,
        });

        return new IssuedVoiceToken(signed.Token, room.Value, signer.ServerUrl, identity, signed.ExpiresAt, displayName);
    }
}
