namespace Agentsgt.Infrastructure.IntegrationTests.Sessions;

/// <summary>The columns of a session row the enforcement tests look at.</summary>
internal sealed record SessionRow(DateTimeOffset? JoinedAt, DateTimeOffset? EndedAt, string? EndReason, DateTimeOffset? WarnedAt, DateTimeOffset? LastSeenAt, string? RoomSid);
