using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// What both token endpoints ask for: the contract's <c>/livekit/token</c> and LiveKit's
/// standardized <c>/livekit/token-source</c>. Each maps its body onto this one shape, so one
/// validator and one handler serve both; only the JSON field names (<see cref="Fields"/>) and the
/// response differ. Optional texts are normalized here, so validator and handler see the same values.
/// </summary>
public abstract record VoiceTokenRequest
{
    public const int DefaultTtlSeconds = 3600;
    public const int MinTtlSeconds = 60;
    public const int MaxTtlSeconds = 3600;

    private readonly string? _roomName;
    private readonly string? _visitorId;

    protected VoiceTokenRequest(string agentId, Guid organizationId, string? roomName, string? visitorId, string? visitorName)
    {
        AgentId = agentId;
        OrganizationId = organizationId;
        _roomName = ParticipantText.Normalize(roomName);
        _visitorId = ParticipantText.Normalize(visitorId);
        VisitorName = ParticipantText.Normalize(visitorName);
    }

    /// <summary>The agent id exactly as the path gave it; not necessarily a UUID.</summary>
    public string AgentId { get; }

    /// <summary>The organization of the authenticated API key.</summary>
    public Guid OrganizationId { get; }

    /// <summary>
    /// The publishable key the caller authenticated with; null for a secret key. A publishable key
    /// is public, so its caller never chooses a room or an identity (CONTRACT.md, "Publishable keys"):
    /// <see cref="RoomName"/> and <see cref="VisitorId"/> then read as omitted, whatever was sent, and
    /// only a <see cref="ResumeToken"/> issued to this key brings a visitor back to its own room.
    /// </summary>
    public Guid? PublishableKeyId { get; init; }

    /// <summary>The room asked for; always null for a publishable-key caller (ignored, not validated).</summary>
    public string? RoomName => PublishableKeyId is null ? _roomName : null;

    /// <summary>
    /// The participant identity asked for (<c>participant_identity</c> on the token-source endpoint);
    /// always null for a publishable-key caller (ignored, not validated).
    /// </summary>
    public string? VisitorId => PublishableKeyId is null ? _visitorId : null;

    /// <summary>
    /// A resume token from an earlier answer to this publishable key (<c>resumeToken</c> / <c>resume_token</c>):
    /// rejoin that room as that identity. Ignored for secret keys, which choose rooms and identities directly.
    /// </summary>
    public string? ResumeToken
    {
        get => PublishableKeyId is null ? null : field;
        init => field = ParticipantText.Normalize(value);
    }

    /// <summary>The display name asked for (<c>participant_name</c> on the token-source endpoint).</summary>
    public string? VisitorName { get; }

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

    /// <summary>
    /// The agents the caller's key may get tokens for (a publishable key's allow-list); null means
    /// every agent of the organization. Any other agent is answered as not found.
    /// </summary>
    public IReadOnlyCollection<Guid>? AllowedAgentIds { get; init; }

    /// <summary>The JSON names the client used, for <c>details</c> keys.</summary>
    public abstract VoiceTokenFieldNames Fields { get; }

    /// <summary>The agent (worker) name the client asked to dispatch, once the validator allowed exactly one.</summary>
    public string? RequestedAgentName => RoomConfig?.Agents is [{ AgentName: { } name }] ? name : null;

    /// <summary>The job metadata the client sent with that dispatch (livekit-client's <c>agentMetadata</c>).</summary>
    public string? RequestedAgentMetadata => RoomConfig?.Agents is [{ Metadata: { } metadata }] ? metadata : null;

    public TimeSpan Lifetime => TimeSpan.FromSeconds(TtlSeconds ?? DefaultTtlSeconds);

    /// <summary>The path's agent id as a UUID, when it is one (canonical form, any case).</summary>
    // Exactly 36 characters: Guid parsing would otherwise forgive surrounding whitespace.
    public bool TryGetAgentGuid(out Guid agentId)
    {
        agentId = default;
        return AgentId.Length == 36 && Guid.TryParseExact(AgentId, "D", out agentId);
    }
}

/// <summary>The JSON field names of one endpoint's request body.</summary>
public sealed record VoiceTokenFieldNames(
    string RoomName,
    string VisitorId,
    string VisitorName,
    string Metadata,
    string Attributes,
    string TtlSeconds,
    string RoomConfig,
    string ResumeToken)
{
    /// <summary><c>POST …/livekit/token</c>: the contract's camelCase names.</summary>
    public static readonly VoiceTokenFieldNames Contract = new("roomName", "visitorId", "visitorName", "metadata", "attributes", "ttlSeconds", "roomConfig", "resumeToken");

    /// <summary><c>POST …/livekit/token-source</c>: LiveKit's snake_case TokenSourceRequest names.</summary>
    public static readonly VoiceTokenFieldNames TokenSource = new("room_name", "participant_identity", "participant_name", "participant_metadata", "participant_attributes", "ttl_seconds", "room_config", "resume_token");

    public string Attribute(string key) => $"{Attributes}.{key}";

    public string RoomConfigField(string name) => $"{RoomConfig}.{name}";

    public string AgentDispatch(int index) => $"{RoomConfig}.agents[{index}]";

    public string AgentDispatchField(int index, string name) => $"{AgentDispatch(index)}.{name}";

    /// <summary>LiveKit's <c>RoomAgentDispatch.metadata</c> (livekit-client's <c>agentMetadata</c>).</summary>
    public string DispatchMetadata(int index) => AgentDispatchField(index, "metadata");

    /// <summary>LiveKit's <c>RoomAgentDispatch.agent_name</c>, as <c>TokenSource.endpoint</c> sends it.</summary>
    public string DispatchAgentName(int index) => AgentDispatchField(index, "agent_name");
}

/// <summary>
/// A LiveKit <c>RoomConfiguration</c> as the client sent it, reduced to what we decide on: its
/// agent dispatch entries, and the names of every other field it set (all refused).
/// </summary>
public sealed record RoomConfigRequest(IReadOnlyList<AgentDispatchRequest?> Agents, IReadOnlyList<string> OtherFields)
{
    public bool IsEmpty => Agents.Count == 0 && OtherFields.Count == 0;
}

/// <summary>One <c>RoomAgentDispatch</c> entry: its <c>agent_name</c>, its <c>metadata</c> and the names of every other field it set.</summary>
public sealed record AgentDispatchRequest(string? AgentName, IReadOnlyList<string> OtherFields)
{
    /// <summary>Job metadata for this agent's worker, as sent (not trimmed); empty means none.</summary>
    public string? Metadata
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? null : value;
    }
}
