namespace Agentsgt.Application.Common.Interfaces;

/// <summary>A room as LiveKit's <c>ListRooms</c> reports it.</summary>
public sealed record LiveKitRoom(string Name, string Sid, int NumParticipants);
