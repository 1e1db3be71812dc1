namespace Agentsgt.Application.Sessions.Queries.ListSessions;

/// <summary>One page of sessions, newest issue first.</summary>
/// <param name="Sessions">At most <c>limit</c> sessions.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> (with the same <c>agentId</c>, <c>from</c> and <c>to</c>) for the next page; null on the last page.</param>
public sealed record SessionListDto(IReadOnlyList<SessionDto> Sessions, string? NextCursor);
