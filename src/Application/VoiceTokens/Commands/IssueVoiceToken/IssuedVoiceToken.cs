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
}
