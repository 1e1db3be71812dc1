namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

public enum RoomRequestKind
{
    Random,

    Short,

    Full,
}
