using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.ValueObjects;
using AutoMapper;
using MediatR;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The token request's hot path, after authentication (see AuthenticateApiKeyCommandHandler for
/// the key lookup and last_used_at update) and validation: one agent lookup, one signature.
/// Both endpoints come through <see cref="IssueAsync"/>; they differ only in the DTO mapped at the end.
/// </summary>
public sealed class IssueVoiceTokenCommandHandler
    : IRequestHandler<IssueVoiceTokenCommand, VoiceTokenDto>,
      IRequestHandler<IssueTokenSourceCredentialsCommand, TokenSourceCredentialsDto>
{
    private readonly IAgentRepository _agents;
    private readonly ILiveKitTokenSigner _signer;
    private readonly TimeProvider _clock;
    private readonly IMapper _mapper;

    public IssueVoiceTokenCommandHandler(IAgentRepository agents, ILiveKitTokenSigner signer, TimeProvider clock, IMapper mapper)
    {
        _agents = agents;
        _signer = signer;
        _clock = clock;
        _mapper = mapper;
    }

    public async Task<VoiceTokenDto> Handle(IssueVoiceTokenCommand request, CancellationToken cancellationToken) =>
        _mapper.Map<VoiceTokenDto>(await IssueAsync(request, cancellationToken).ConfigureAwait(false));

    public async Task<TokenSourceCredentialsDto> Handle(IssueTokenSourceCredentialsCommand request, CancellationToken cancellationToken) =>
        _mapper.Map<TokenSourceCredentialsDto>(await IssueAsync(request, cancellationToken).ConfigureAwait(false));

    private async Task<IssuedVoiceToken> IssueAsync(VoiceTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Database call: the agent, in the caller's organization only (never reveal another's),
        // with its LiveKit agent (worker) name in the same query. An agent outside a publishable
        // key's allow-list is not looked up at all and answers exactly like a missing one.
        var agent = request.TryGetAgentGuid(out var agentId) && (request.AllowedAgentIds is null || request.AllowedAgentIds.Contains(agentId))
            ? await _agents.FindActiveAsync(agentId, request.OrganizationId, cancellationToken).ConfigureAwait(false)
            : null;
        if (agent is null)
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

        if (!_signer.IsConfigured)
        {
            throw new VoiceNotConfiguredException();
        }

        var room = ResolveRoom(request.RoomName, agentId, request.OrganizationId);
        var identity = request.VisitorId ?? ParticipantText.NewVisitorIdentity();
        var displayName = request.VisitorName ?? ParticipantText.DefaultVisitorName;

        var signed = _signer.Sign(new VoiceGrant(
            room.Value,
            identity,
            displayName,
            agentId,
            request.OrganizationId,
            _clock.GetUtcNow(),
            request.Lifetime)
        {
            Metadata = request.Metadata,
            Attributes = request.Attributes,
            DispatchAgentName = agent.LiveKitAgentName,
        });

        return new IssuedVoiceToken(signed.Token, room.Value, _signer.ServerUrl, identity, signed.ExpiresAt, displayName);
    }

    private static RoomName ResolveRoom(string? requested, Guid agentId, Guid organizationId)
    {
        if (requested is null)
        {
            return RoomName.CreateRandom(agentId, organizationId);
        }

        // The validator has already accepted it: a full name of this agent's room, or a short name.
        return RoomName.TryParse(requested, out var full)
            ? full
            : RoomName.FromShortName(agentId, organizationId, requested);
    }
}
