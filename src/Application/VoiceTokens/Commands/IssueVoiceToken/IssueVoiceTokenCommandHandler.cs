using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.ValueObjects;
using AutoMapper;
using MediatR;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The token request's hot path, after authentication (see AuthenticateApiKeyCommandHandler for
/// the key lookup and last_used_at update) and validation: one agent lookup, one signature (two
/// for a publishable key: its resume token). Both endpoints come through <see cref="IssueAsync"/>;
/// they differ only in the DTO mapped at the end.
/// </summary>
public sealed class IssueVoiceTokenCommandHandler
    : IRequestHandler<IssueVoiceTokenCommand, VoiceTokenDto>,
      IRequestHandler<IssueTokenSourceCredentialsCommand, TokenSourceCredentialsDto>
{
    public const string ResumeTokenInvalidMessage = "is not a resume token this service issued, or was modified";

    public const string ResumeTokenExpiredMessage = "has expired; ask again without it for a new room";

    public const string ResumeTokenNotYoursMessage = "was issued to another key, agent or organization";

    private readonly IAgentRepository _agents;
    private readonly ILiveKitTokenSigner _signer;
    private readonly IVisitorResumeTokens _resumeTokens;
    private readonly TimeProvider _clock;
    private readonly IMapper _mapper;

    public IssueVoiceTokenCommandHandler(IAgentRepository agents, ILiveKitTokenSigner signer, IVisitorResumeTokens resumeTokens, TimeProvider clock, IMapper mapper)
    {
        _agents = agents;
        _signer = signer;
        _resumeTokens = resumeTokens;
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

        // A field rule, so before the agent check: a resume token must be this key's, for this agent.
        var resumed = request.ResumeToken is { } resumeToken
            ? await ResumeAsync(request, resumeToken).ConfigureAwait(false)
            : null;

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

        // A publishable-key caller's roomName and visitorId read as omitted (VoiceTokenRequest), so it
        // gets a fresh random room and identity, or the ones its resume token was issued for.
        var room = resumed?.RoomName ?? ResolveRoom(request.RoomName, agentId, request.OrganizationId).Value;
        var identity = resumed?.Identity ?? request.VisitorId ?? ParticipantText.NewVisitorIdentity();
        var displayName = request.VisitorName ?? ParticipantText.DefaultVisitorName;

        var signed = _signer.Sign(new VoiceGrant(
            room,
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
            DispatchClientMetadata = request.RequestedAgentMetadata,
        });

        var nextResumeToken = request.PublishableKeyId is { } keyId
            ? _resumeTokens.Issue(new VisitorSession(keyId, agentId, request.OrganizationId, room, identity), signed.NotBefore, signed.ExpiresAt)
            : null;

        return new IssuedVoiceToken(signed.Token, room, _signer.ServerUrl, identity, signed.ExpiresAt, displayName) { ResumeToken = nextResumeToken };
    }

    /// <summary>The session a publishable-key caller's resume token names, if it was issued to this key for this agent and organization.</summary>
    private async Task<VisitorSession> ResumeAsync(VoiceTokenRequest request, string resumeToken)
    {
        var reading = await _resumeTokens.ReadAsync(resumeToken, _clock.GetUtcNow()).ConfigureAwait(false);
        var problem = reading switch
        {
            { Expired: true } => ResumeTokenExpiredMessage,
            { Session: null } => ResumeTokenInvalidMessage,
            { Session: var s } when s.ApiKeyId != request.PublishableKeyId
                                    || s.OrganizationId != request.OrganizationId
                                    || !request.TryGetAgentGuid(out var agentId)
                                    || s.AgentId != agentId => ResumeTokenNotYoursMessage,
            _ => null,
        };

        return problem is null
            ? reading.Session!
            : throw new ValidationException(new Dictionary<string, string[]>(StringComparer.Ordinal) { [request.Fields.ResumeToken] = [problem] });
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
