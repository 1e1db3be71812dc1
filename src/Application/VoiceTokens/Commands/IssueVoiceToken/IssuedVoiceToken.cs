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
}
