using Agentsgt.Application.ApiKeys.Authentication;
using Agentsgt.Domain.Entities;
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

    protected VoiceTokenRequest(AuthenticatedCaller caller, string? roomName, string? visitorId, string? visitorName)
    {
        ArgumentNullException.ThrowIfNull(caller);
        Caller = caller;

        // A publishable key is public, so its caller never chooses a room or an identity
        // (CONTRACT.md, "Publishable keys"): both read as omitted, whatever was sent (ignored, not validated).
        var choosesRoomAndIdentity = caller.Kind != ApiKeyKind.Publishable;
        RoomName = choosesRoomAndIdentity ? ParticipantText.Normalize(roomName) : null;
        VisitorId = choosesRoomAndIdentity ? ParticipantText.Normalize(visitorId) : null;
        VisitorName = ParticipantText.Normalize(visitorName);

        // Parsed once, here: the validator checks it belongs to this agent, the handler uses it.
        FullRoomName = Domain.ValueObjects.RoomName.TryParse(RoomName, out var full) ? full : null;
    }

    /// <summary>The authenticated key, the path's agent id and the agent read with the key.</summary>
    public AuthenticatedCaller Caller { get; }

    /// <summary>The organization of the authenticated API key.</summary>
    public Guid OrganizationId => Caller.OrganizationId;

    /// <summary>The path's agent id when it is a UUID (parsed once, by the authenticator); else null.</summary>
    public Guid? AgentId => Caller.AgentId;

    /// <summary>
    /// The publishable key the caller authenticated with; null for a secret key. Only a
    /// <see cref="ResumeToken"/> issued to this key brings its visitor back to its own room.
    /// </summary>
    public Guid? PublishableKeyId => Caller.Kind == ApiKeyKind.Publishable ? Caller.ApiKeyId : null;

    /// <summary>The room asked for; always null for a publishable-key caller.</summary>
    public string? RoomName { get; }

    /// <summary><see cref="RoomName"/> parsed as a full room name (<c>agentsgt-room-…</c>), when it is one.</summary>
    public RoomName? FullRoomName { get; }

    /// <summary>
    /// The participant identity asked for (<c>participant_identity</c> on the token-source endpoint);
    /// always null for a publishable-key caller.
    /// </summary>
    public string? VisitorId { get; }

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

    /// <summary>The JSON names the client used, for <c>details</c> keys.</summary>
    public abstract VoiceTokenFieldNames Fields { get; }

    /// <summary>The agent (worker) name the client asked to dispatch, once the validator allowed exactly one.</summary>
    public string? RequestedAgentName => RoomConfig?.Agents is [{ AgentName: { } name }] ? name : null;

    /// <summary>The job metadata the client sent with that dispatch (livekit-client's <c>agentMetadata</c>).</summary>
    public string? RequestedAgentMetadata => RoomConfig?.Agents is [{ Metadata: { } metadata }] ? metadata : null;

    public TimeSpan Lifetime => TimeSpan.FromSeconds(TtlSeconds ?? DefaultTtlSeconds);
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
