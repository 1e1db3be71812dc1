namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

public enum RoomRequestKind
{
    /// <summary>No room asked for: a fresh random one.</summary>
    Random,

    /// <summary>A short name, such as <c>support-room-001</c>, scoped to the agent and organization.</summary>
    Short,

    /// <summary>A full room name (<c>agentsgt-room-…</c>), issued earlier, to rejoin.</summary>
    Full,
}
