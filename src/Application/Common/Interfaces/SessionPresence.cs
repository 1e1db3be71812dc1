namespace Agentsgt.Application.Common.Interfaces;

/// <summary>A visitor a room listing showed: its session (from <c>agentsgt.sessionId</c>), room sid and LiveKit's join time.</summary>
public sealed record SessionPresence(Guid SessionId, string RoomSid, DateTimeOffset? JoinedAt);
