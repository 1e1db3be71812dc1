namespace Agentsgt.Application.Common.Interfaces;

public sealed record VoiceGrant(
    string RoomName,
    string Identity,
    string DisplayName,
    Guid AgentId,
    Guid OrganizationId,
    DateTimeOffset IssuedAt,
    TimeSpan Lifetime)
{
    public string? Metadata { get; init; }

    public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    public string? DispatchAgentName { get; init; }

    public string? DispatchClientMetadata { get; init; }

    /// <summary>The session this token starts, written as attribute <c>agentsgt.sessionId</c>; null writes none.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>For a room named at random: <c>roomConfig</c> <c>maxParticipants: 1</c> and this <c>departureTimeout</c> (seconds); null writes neither.</summary>
    public int? PrivateRoomDepartureTimeoutSeconds { get; init; }
}
