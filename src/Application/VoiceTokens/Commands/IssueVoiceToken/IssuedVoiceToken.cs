namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>What the handler produced, before it is shaped into one endpoint's DTO.</summary>
public sealed record IssuedVoiceToken(
    string Token,
    string RoomName,
    string ServerUrl,
    string Identity,
    DateTimeOffset ExpiresAt,
    string DisplayName = ParticipantTextRules.DefaultDisplayName)
{
    /// <summary>For a publishable-key caller only: how to rejoin this room as this identity.</summary>
    public string? ResumeToken { get; init; }

    /// <summary>The session this token starts (its <c>agentsgt.sessionId</c> attribute).</summary>
    public Guid SessionId { get; init; }

    /// <summary>How long the session may last from its first join, fixed at issue.</summary>
    public int MaxSessionSeconds { get; init; }
}
