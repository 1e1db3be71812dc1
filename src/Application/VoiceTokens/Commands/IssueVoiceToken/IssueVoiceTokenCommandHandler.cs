using Agentsgt.Application.Sessions;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The token request's hot path, after authentication and validation: the 404 decision on the
/// agent read with the key, one signature (two for a publishable key: its resume token), and its
/// session: reserved in one round trip when a concurrency cap applies, else written behind (a
/// rejoin of a chosen identity reads the open session it continues first).
/// Both endpoints send this one command and get this one result; each shapes it in Api.
/// </summary>
public sealed class IssueVoiceTokenCommandHandler(
    ILiveKitTokenSigner signer,
    IVisitorResumeTokens resumeTokens,
    ISessionRepository sessions,
    ISessionRecorder sessionRecorder,
    SessionPolicy policy,
    TimeProvider clock)
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

        // Null for a missing agent, another organization's, or one outside a publishable key's allow-list.
        if (request.Agent.Permitted is not { } agent)
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

        // A publishable-key caller asks for no room or identity: it gets fresh ones, or its resume token's.
        var room = resumed?.RoomName ?? request.Room.Resolve(agent.Id, request.OrganizationId).Value;
        var identity = resumed?.Identity ?? request.Identity ?? ParticipantTextRules.NewIdentity();
        var displayName = request.DisplayName ?? ParticipantTextRules.DefaultDisplayName;

        var now = clock.GetUtcNow();
        // Time-ordered, so each token's row goes to the end of the ledger's primary key, not a random page.
        var sessionId = Guid.CreateVersion7(now);
        var randomRoom = resumed is not null || request.Room.Kind == RoomRequestKind.Random;
        var stored = request.Caller.SessionCaps;
        var caps = SessionCaps.Resolve(
            stored.KeyMaxConcurrentSessions,
            stored.KeyMaxSessionSeconds,
            stored.OrganizationMaxConcurrentSessions,
            stored.OrganizationMaxSessionSeconds,
            policy.DefaultMaxConcurrentSessions,
            policy.DefaultMaxSessionSeconds);

        // The signing call (a LiveKit that is not configured answers here, before any cap).
        var signed = signer.Sign(new VoiceGrant(
            room,
            identity,
            displayName,
            agent.Id,
            request.OrganizationId,
            now,
            request.Lifetime)
        {
            Metadata = request.Metadata,
            Attributes = request.Attributes,
            DispatchAgentName = agent.LiveKitAgentName,
            DispatchClientMetadata = request.RequestedAgentMetadata,
            SessionId = sessionId,
            PrivateRoomDepartureTimeoutSeconds = randomRoom ? policy.DepartureTimeoutSeconds : null,
        });

        // A generated identity has no open session to continue: no lookup.
        var mayContinue = resumed is not null || request.Identity is not null;
        if (caps.LimitsConcurrency)
        {
            // The one extra round trip: exact across instances; a rejoin is found inside it.
            var session = Session.Issue(sessionId, request.OrganizationId, agent.Id, request.Caller.ApiKeyId, room, randomRoom, identity, now, caps);
            var reservation = await sessions.ReserveAsync(session, mayContinue, policy.JoinWindow, cancellationToken).ConfigureAwait(false);
            if (!reservation.Reserved)
            {
                throw new SessionLimitException(policy.RetryAfterSeconds);
            }
        }
        else
        {
            var continues = mayContinue
                ? await sessions.FindOpenAsync(request.OrganizationId, room, identity, now, policy.JoinWindow, cancellationToken).ConfigureAwait(false)
                : null;
            await sessionRecorder.RecordAsync(
                Session.Issue(sessionId, request.OrganizationId, agent.Id, request.Caller.ApiKeyId, room, randomRoom, identity, now, caps, continues)).ConfigureAwait(false);
        }

        var nextResumeToken = request.PublishableKeyId is { } keyId
            ? resumeTokens.Issue(new VisitorSession(keyId, agent.Id, request.OrganizationId, room, identity), signed.NotBefore, signed.ExpiresAt)
            : null;

        return new IssuedVoiceToken(signed.Token, room, signer.ServerUrl, identity, signed.ExpiresAt, displayName)
        {
            ResumeToken = nextResumeToken,
            SessionId = sessionId,
            MaxSessionSeconds = caps.MaxSessionSeconds,
        };
    }

    private async Task<VisitorSession> ResumeAsync(IssueVoiceTokenCommand request, string resumeToken)
    {
        var reading = await resumeTokens.ReadAsync(resumeToken, clock.GetUtcNow()).ConfigureAwait(false);
        var problem = reading switch
        {
            { Expired: true } => ResumeTokenExpiredMessage,
            { Session: null } => ResumeTokenInvalidMessage,
            { Session: var s } when s.ApiKeyId != request.PublishableKeyId
                                    || s.OrganizationId != request.OrganizationId
                                    || s.AgentId != request.Agent.Id => ResumeTokenNotYoursMessage,
            _ => null,
        };

        return problem is null
            ? reading.Session!
            : throw new ValidationException(new Dictionary<string, string[]>(StringComparer.Ordinal) { [nameof(request.ResumeToken)] = [problem] });
    }
}
