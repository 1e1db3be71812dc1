namespace Agentsgt.Api.Requests;

/// <summary>LiveKit's <c>RoomAgentDispatch</c>.</summary>
public sealed record TokenSourceAgentDispatch
{
    /// <summary>The LiveKit agent (worker) name; must be this agent's.</summary>
    [JsonPropertyName("agent_name")]
    public string? AgentName { get; init; }

    /// <summary>
    /// Job metadata for the dispatched worker (<c>agentMetadata</c> in livekit-client): any text up to
    /// 4 KiB in UTF-8. The token carries it as <c>clientMetadata</c> inside the service's own job
    /// metadata, beside the agent and organization ids.
    /// </summary>
    /// <example>{"topic":"billing"}</example>
    [JsonPropertyName("metadata")]
    public string? Metadata { get; init; }

    /// <summary>Every other field (<c>deployment</c>, …); each is refused by name.</summary>
    // Settable, as TokenSourceRoomConfig.OtherFields.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherFields { get; set; }
}
