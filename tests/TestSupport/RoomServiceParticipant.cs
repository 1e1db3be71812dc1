namespace Agentsgt.Tests.Support;

/// <summary>A participant seeded into <see cref="LiveKitRoomServiceStandIn"/>, as its <c>ListParticipants</c> reports it.</summary>
public sealed record RoomServiceParticipant(
    string Room,
    string Identity,
    string Sid,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset JoinedAt);
