namespace Agentsgt.Api.Responses;

/// <summary>
/// Connection details in LiveKit's standardized token-endpoint schema (what <c>TokenSource.endpoint</c>
/// reads: <c>server_url</c>, <c>participant_token</c>), plus the room and display name used.
/// </summary>
public sealed record TokenSourceCredentialsDto
{
    /// <summary>The LiveKit server WebSocket URL.</summary>
    [JsonPropertyName("server_url")]
    public required string ServerUrl { get; init; }

    /// <summary>JWT access token for LiveKit.</summary>
    [JsonPropertyName("participant_token")]
    public required string ParticipantToken { get; init; }

    /// <summary>The room the token joins: <c>agentsgt-room-{agentId}-{orgId}-{suffix}</c>. Send it back as <c>room_name</c> to rejoin.</summary>
    [JsonPropertyName("room_name")]
    public required string RoomName { get; init; }

    /// <summary>The participant's display name in the token (<c>"Visitor"</c> when none was sent).</summary>
    [JsonPropertyName("participant_name")]
    public required string ParticipantName { get; init; }

    /// <summary>
    /// Publishable keys only (absent for secret keys): an opaque value, valid as long as the token, that
    /// this same key sends back as <c>resume_token</c> to rejoin this room as this participant.
    /// </summary>
    [JsonPropertyName("resume_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ResumeToken { get; init; }
}
