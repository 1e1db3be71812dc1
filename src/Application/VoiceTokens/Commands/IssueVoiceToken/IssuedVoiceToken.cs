namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

public sealed record IssuedVoiceToken(
    string Token,
    string RoomName,
    string ServerUrl,
    string Identity,
    DateTimeOffset ExpiresAt,
    string DisplayName = ParticipantTextRules.DefaultDisplayName)
{
    public string? ResumeToken { get; init; }

    /// <summary>The session this token starts (its <c>agentsgt.sessionId</c> attribute).</summary>
    public Guid SessionId { get; init; }

    /// <summary>How long the session may last from its first join, fixed at issue.</summary>
    public int MaxSessionSeconds { get; init; }
}
