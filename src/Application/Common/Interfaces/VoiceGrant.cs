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
}
