using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

namespace Agentsgt.Api.Requests;

/// <summary>
/// Request body of the token-source endpoint: LiveKit's standardized token-endpoint schema
/// (<c>TokenSourceRequest</c>, snake_case, as <c>TokenSource.endpoint</c> in livekit-client sends it),
/// plus <c>ttl_seconds</c>. Every field is optional; unknown top-level fields are ignored.
/// </summary>
public sealed record TokenSourceRequest : ITokenRequestBody
{
    /// <summary>The command's property paths under LiveKit's snake_case names.</summary>
    public static ValidationDetailNames DetailNames { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(IssueVoiceTokenCommand.Room)] = "room_name",
        [nameof(IssueVoiceTokenCommand.Identity)] = "participant_identity",
        [nameof(IssueVoiceTokenCommand.DisplayName)] = "participant_name",
        [nameof(IssueVoiceTokenCommand.Metadata)] = "participant_metadata",
        [nameof(IssueVoiceTokenCommand.Attributes)] = "participant_attributes",
        [nameof(IssueVoiceTokenCommand.TtlSeconds)] = "ttl_seconds",
        [nameof(IssueVoiceTokenCommand.ResumeToken)] = "resume_token",
        [nameof(IssueVoiceTokenCommand.RoomConfig)] = "room_config",
        ["RoomConfig.Agents[]"] = "agents",
        ["RoomConfig.Agents.AgentName"] = "agent_name",
        ["RoomConfig.Agents.Metadata"] = "metadata",
    });

    /// <summary>Short room name (1–64 of <c>A–Z a–z 0–9 _ -</c>) or a full room name issued earlier for this agent. Auto-generated when omitted. Ignored for publishable keys.</summary>
    /// <example>support-room-001</example>
    [JsonPropertyName("room_name")]
    public string? RoomName { get; init; }

    /// <summary>Participant identity: 1–128 characters, no whitespace, control or format characters, '#', or characters NFKC normalization changes. Auto-generated when omitted. Ignored for publishable keys.</summary>
    /// <example>user-123</example>
    [JsonPropertyName("participant_identity")]
    public string? ParticipantIdentity { get; init; }

    /// <summary>Display name: 1–128 characters, no control characters. Defaults to "Visitor".</summary>
    /// <example>John Doe</example>
    [JsonPropertyName("participant_name")]
    public string? ParticipantName { get; init; }

    /// <summary>Participant metadata: any text up to 4 KiB in UTF-8. Not trimmed; empty means none.</summary>
    [JsonPropertyName("participant_metadata")]
    public string? ParticipantMetadata { get; init; }

    /// <summary>Participant attributes: at most 32 string entries, keys 1–64 characters, values up to 1 KiB. Keys starting with <c>agentsgt.</c> are reserved.</summary>
    [JsonPropertyName("participant_attributes")]
    public Dictionary<string, string>? ParticipantAttributes { get; init; }

    /// <summary>Token lifetime in seconds, 60–3600 (an AgentsGT addition to LiveKit's schema). Defaults to 3600.</summary>
    /// <example>900</example>
    [JsonPropertyName("ttl_seconds")]
    [JsonNumberHandling(JsonNumberHandling.Strict)]
    public int? TtlSeconds { get; init; }

    /// <summary>
    /// LiveKit <c>RoomConfiguration</c>. Only <c>agents: [{ "agent_name": "&lt;this agent's LiveKit agent name&gt;", "metadata": "…" }]</c>
    /// is accepted (what LiveKit's SDKs send when the app sets <c>agentName</c> and <c>agentMetadata</c>);
    /// any other field is a 400. The agent's own dispatch is added to the token whether asked for or not.
    /// </summary>
    [JsonPropertyName("room_config")]
    public TokenSourceRoomConfig? RoomConfig { get; init; }

    /// <summary>
    /// Publishable keys only (an AgentsGT addition): the <c>resume_token</c> of an earlier answer to this
    /// key for this agent, to rejoin that room as that participant before the token expires. Ignored for secret keys.
    /// </summary>
    [JsonPropertyName("resume_token")]
    public string? ResumeToken { get; init; }

    public IssueVoiceTokenCommand ToCommand(AuthenticatedCaller caller, RequestedAgent agent) =>
        new(caller, agent, RoomName, ParticipantIdentity, ParticipantName)
        {
            Metadata = ParticipantMetadata,
            Attributes = ParticipantAttributes,
            TtlSeconds = TtlSeconds,
            RoomConfig = RoomConfig?.ToRequest(),
            ResumeToken = ResumeToken,
        };
}
