namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

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
