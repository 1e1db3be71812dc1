namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The token request's hot path, after authentication and validation: the 404 decision on the
/// agent read with the key, and one signature (two for a publishable key: its resume token).
/// Both endpoints send this one command and get this one result; each shapes it in Api.
/// </summary>
public sealed class IssueVoiceTokenCommandHandler(ILiveKitTokenSigner signer, IVisitorResumeTokens resumeTokens, TimeProvider clock)
    : IRequestHandler<IssueVoiceTokenCommand, IssuedVoiceToken>
{
    public const string ResumeTokenInvalidMessage = "is not a resume token this service issued, or was modified";

    public const string ResumeTokenExpiredMessage = "has expired; ask again without it for a new room";

    public const string ResumeTokenNotYoursMessage = "was issued to another key, agent or organization";

    public async Task<IssuedVoiceToken> Handle(IssueVoiceTokenCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A field rule, so before the agent check: a resume token must be this key's, for this agent.
        var resumed = request.ResumeToken is { } resumeToken
            ? await ResumeAsync(request, resumeToken).ConfigureAwait(false)
            : null;

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
                ["RoomConfig.Agents[0].AgentName"] = [agent.LiveKitAgentName is null ? IssueVoiceTokenCommandValidator.NoLiveKitAgentNameMessage : IssueVoiceTokenCommandValidator.NotThisAgentMessage],
            });
        }

        if (!signer.IsConfigured)
        {
            throw new VoiceNotConfiguredException();
        }

        // A publishable-key caller's roomName and visitorId read as omitted (IssueVoiceTokenCommand), so it
        // gets a fresh random room and identity, or the ones its resume token was issued for.
        var room = resumed?.RoomName
                   ?? (request.FullRoomName
                       ?? (request.RoomName is { } shortName
                           ? RoomName.FromShortName(agent.Id, request.OrganizationId, shortName)
                           : RoomName.CreateRandom(agent.Id, request.OrganizationId))).Value;
        var identity = resumed?.Identity ?? request.VisitorId ?? ParticipantText.NewVisitorIdentity();
        var displayName = request.VisitorName ?? ParticipantText.DefaultVisitorName;

        // The signing call.
        var signed = signer.Sign(new VoiceGrant(
            room,
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
            DispatchClientMetadata = request.RequestedAgentMetadata,
        });

        var nextResumeToken = request.PublishableKeyId is { } keyId
            ? resumeTokens.Issue(new VisitorSession(keyId, agent.Id, request.OrganizationId, room, identity), signed.NotBefore, signed.ExpiresAt)
            : null;

        return new IssuedVoiceToken(signed.Token, room, signer.ServerUrl, identity, signed.ExpiresAt, displayName) { ResumeToken = nextResumeToken };
    }

    /// <summary>The session a publishable-key caller's resume token names, if it was issued to this key for this agent and organization.</summary>
    private async Task<VisitorSession> ResumeAsync(IssueVoiceTokenCommand request, string resumeToken)
    {
        var reading = await resumeTokens.ReadAsync(resumeToken, clock.GetUtcNow()).ConfigureAwait(false);
        var problem = reading switch
        {
            { Expired: true } => ResumeTokenExpiredMessage,
            { Session: null } => ResumeTokenInvalidMessage,
            { Session: var s } when s.ApiKeyId != request.PublishableKeyId
                                    || s.OrganizationId != request.OrganizationId
                                    || s.AgentId != request.AgentId => ResumeTokenNotYoursMessage,
            _ => null,
        };

        return problem is null
            ? reading.Session!
            : throw new ValidationException(new Dictionary<string, string[]>(StringComparer.Ordinal) { [nameof(request.ResumeToken)] = [problem] });
    }
}
