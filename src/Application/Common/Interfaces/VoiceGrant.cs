namespace Agentsgt.Application.Common.Interfaces;

/// <summary>What a visitor may do: join one room, publish, subscribe, send data. Nothing else.</summary>
public sealed record VoiceGrant(
    string RoomName,
    string Identity,
    string DisplayName,
    Guid AgentId,
    Guid OrganizationId,
    DateTimeOffset IssuedAt,
    TimeSpan Lifetime)
{
    /// <summary>The participant's <c>metadata</c> claim; null writes none.</summary>
    public string? Metadata { get; init; }

    /// <summary>The client's participant attributes, written beside the service's own <c>agentsgt.*</c> ones.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    /// <summary>The LiveKit agent (worker) to dispatch into the room (<c>roomConfig.agents</c>); null writes no roomConfig.</summary>
    public string? DispatchAgentName { get; init; }

    /// <summary>The client's job metadata for that worker (untrusted text), carried beside the service's ids; null writes none.</summary>
    public string? DispatchClientMetadata { get; init; }

    /// <summary>The session this token starts, written as attribute <c>agentsgt.sessionId</c>; null writes none.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>For a room named at random: <c>roomConfig</c> <c>maxParticipants: 1</c> and this <c>departureTimeout</c> (seconds); null writes neither.</summary>
    public int? PrivateRoomDepartureTimeoutSeconds { get; init; }
}
