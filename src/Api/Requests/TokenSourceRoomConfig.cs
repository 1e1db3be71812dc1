using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

namespace Agentsgt.Api.Requests;

/// <summary>LiveKit's <c>RoomConfiguration</c>, read only as far as we decide on it.</summary>
public sealed record TokenSourceRoomConfig
{
    /// <summary>Agent dispatches (<c>RoomAgentDispatch</c>): at most one, naming this agent's LiveKit agent.</summary>
    [JsonPropertyName("agents")]
    public List<TokenSourceAgentDispatch?>? Agents { get; init; }

    /// <summary>Every other field the client set; each is refused by name.</summary>
    // Settable, not init: generated JSON metadata binds init-only members as constructor parameters, which extension data cannot be.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? OtherFields { get; set; }

    internal RoomConfigRequest ToRequest() =>
        new(Agents?.Select(a => a is null ? null : new AgentDispatchRequest(a.AgentName, SetFieldNames(a.OtherFields)) { Metadata = a.Metadata }).ToList() ?? [],
            SetFieldNames(OtherFields));

    /// <summary>In protobuf JSON a <c>null</c> value means "not set", so it asks for nothing.</summary>
    internal static List<string> SetFieldNames(Dictionary<string, JsonElement>? fields) =>
        fields?.Where(f => f.Value.ValueKind != JsonValueKind.Null).Select(f => f.Key).ToList() ?? [];
}
