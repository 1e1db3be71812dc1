namespace Agentsgt.Api.Requests;

/// <summary>Request body of the token endpoint. Every field is optional; unknown fields are ignored.</summary>
public sealed record IssueVoiceTokenRequest
{
    /// <summary>
    /// Short room name (1–64 of <c>A–Z a–z 0–9 _ -</c>), or a full room name issued earlier for this
    /// agent to rejoin it. Auto-generated when omitted.
    /// </summary>
    /// <example>support-room-001</example>
    public string? RoomName { get; init; }

    /// <summary>Unique identifier for the visitor (LiveKit identity): 1–128 characters, no whitespace, control characters or '#'. Auto-generated when omitted.</summary>
    /// <example>user-123</example>
    public string? VisitorId { get; init; }

    /// <summary>Display name for the visitor: 1–128 characters, no control characters. Defaults to "Visitor".</summary>
    /// <example>John Doe</example>
    public string? VisitorName { get; init; }
}
