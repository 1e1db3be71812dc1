using Agentsgt.Application.ApiKeys.Authentication;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// Issue a LiveKit token for a visitor to talk to an agent. Both token endpoints (the contract's
/// <c>/livekit/token</c> and LiveKit's standardized <c>/livekit/token-source</c>) map their bodies
/// onto this one command; their JSON names and response shapes stay in Api. Optional texts are
/// trimmed here, the one place, so validator and handler see the same values.
/// </summary>
public sealed record IssueVoiceTokenCommand : IRequest<IssuedVoiceToken>
{
    public const int DefaultTtlSeconds = 3600;
    public const int MinTtlSeconds = 60;
    public const int MaxTtlSeconds = 3600;

    public IssueVoiceTokenCommand(AuthenticatedCaller caller, RequestedAgent agent, string? room, string? identity, string? displayName)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agent);
        Caller = caller;
        Agent = agent;

        // A publishable key is public, so its caller never chooses a room or an identity: both read
        // as omitted, whatever was sent (ignored, not validated).
        var choosesRoomAndIdentity = caller.Kind != ApiKeyKind.Publishable;
        Room = choosesRoomAndIdentity ? RoomRequest.Parse(room) : RoomRequest.Random;
        Identity = choosesRoomAndIdentity ? TextRules.TrimOptional(identity) : null;
        DisplayName = TextRules.TrimOptional(displayName);
    }

    public AuthenticatedCaller Caller { get; }

    /// <summary>The path's agent, as the authentication step read it with the key.</summary>
    public RequestedAgent Agent { get; }

    /// <summary>The organization of the authenticated API key.</summary>
    public Guid OrganizationId => Caller.OrganizationId;

    /// <summary>
    /// The publishable key the caller authenticated with; null for a secret key. Only a
    /// <see cref="ResumeToken"/> issued to this key brings its visitor back to its own room.
    /// </summary>
    public Guid? PublishableKeyId => Caller.Kind == ApiKeyKind.Publishable ? Caller.ApiKeyId : null;

    /// <summary>The room asked for; always <see cref="RoomRequest.Random"/> for a publishable-key caller.</summary>
    public RoomRequest Room { get; }

    /// <summary>The participant identity asked for; always null for a publishable-key caller.</summary>
    public string? Identity { get; }

    /// <summary>
    /// A resume token from an earlier answer to this publishable key:
    /// rejoin that room as that identity. Ignored for secret keys, which choose rooms and identities directly.
    /// </summary>
    public string? ResumeToken
    {
        get => PublishableKeyId is null ? null : field;
        init => field = TextRules.TrimOptional(value);
    }

    /// <summary>The display name asked for.</summary>
    public string? DisplayName { get; }

    /// <summary>Participant metadata for the token, as sent (not trimmed: it is the client's data); empty means none.</summary>
    public string? Metadata
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// Participant attributes for the token; empty means none. Values are declared non-null, but a
    /// JSON <c>null</c> value still arrives as null: the validator rejects it.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Attributes
    {
        get;
        init => field = value is { Count: > 0 } ? value : null;
    }

    /// <summary>Token lifetime in seconds; null means <see cref="DefaultTtlSeconds"/>.</summary>
    public int? TtlSeconds { get; init; }

    /// <summary>LiveKit room configuration the client asked for (token-source endpoint only); null when none.</summary>
    public RoomConfigRequest? RoomConfig
    {
        get;
        init => field = value is null || value.IsEmpty ? null : value;
    }

    /// <summary>The agent (worker) name the client asked to dispatch, once the validator allowed exactly one.</summary>
    public string? RequestedAgentName => RoomConfig?.Agents is [{ AgentName: { } name }] ? name : null;

    /// <summary>The job metadata the client sent with that dispatch (livekit-client's <c>agentMetadata</c>).</summary>
    public string? RequestedAgentMetadata => RoomConfig?.Agents is [{ Metadata: { } metadata }] ? metadata : null;

    /// <summary>
    /// Every room-configuration field the client set beyond <c>Agents[0].AgentName</c> and <c>.Metadata</c>,
    /// as a path below <c>RoomConfig</c> (<c>[name]</c>, <c>.Agents[0][deployment]</c>: the client's own
    /// name in brackets, as it sent it): each is refused by name.
    /// Entries of a list of several dispatches are not looked into (the list itself is refused).
    /// </summary>
    public IEnumerable<string> RefusedRoomConfigFields =>
        RoomConfig is not { } config
            ? []
            : config.OtherFields.Select(name => $"[{name}]").Concat(config.Agents.Count > 1
                ? []
                : config.Agents.SelectMany((dispatch, i) => dispatch?.OtherFields.Select(name => $".Agents[{i}][{name}]") ?? []));

    public TimeSpan Lifetime => TimeSpan.FromSeconds(TtlSeconds ?? DefaultTtlSeconds);
}
