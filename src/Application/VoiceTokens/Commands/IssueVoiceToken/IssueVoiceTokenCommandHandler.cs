using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.ValueObjects;
using AutoMapper;
using MediatR;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The token request's hot path, after authentication (see AuthenticateApiKeyCommandHandler for
/// the key lookup and last_used_at update) and validation: one agent lookup, one signature.
/// </summary>
public sealed class IssueVoiceTokenCommandHandler : IRequestHandler<IssueVoiceTokenCommand, VoiceTokenDto>
{
    /// <summary>LiveKit tokens are valid for one hour, as the API page promises.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

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

    public async Task<VoiceTokenDto> Handle(IssueVoiceTokenCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Database call: the agent, in the caller's organization only (never reveal another's).
        if (!request.TryGetAgentGuid(out var agentId)
            || !await _agents.ExistsActiveAsync(agentId, request.OrganizationId, cancellationToken).ConfigureAwait(false))
        {
            throw new NotFoundException("Agent not found.");
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
            TokenLifetime));

        return _mapper.Map<VoiceTokenDto>(new IssuedVoiceToken(signed.Token, room.Value, _signer.ServerUrl, identity, signed.ExpiresAt));
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
