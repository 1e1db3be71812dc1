namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// A LiveKit <c>RoomConfiguration</c> as the client sent it, reduced to what we decide on: its
/// agent dispatch entries, and the names of every other field it set (all refused).
/// </summary>
public sealed record RoomConfigRequest(IReadOnlyList<AgentDispatchRequest?> Agents, IReadOnlyList<string> OtherFields)
{
    public bool IsEmpty => Agents.Count == 0 && OtherFields.Count == 0;
}
