namespace Agentsgt.Infrastructure.IntegrationTests.LiveKit;

/// <summary>One RoomService call as tests/LiveKitE2E/roomservice-parity.mjs reads it (data as base64).</summary>
public sealed record RoomServiceCall(
    string Method,
    string? Room = null,
    string? Identity = null,
    string? Data = null,
    string? Topic = null,
    IReadOnlyList<string>? DestinationIdentities = null);
