namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

public sealed record RoomConfigRequest(IReadOnlyList<AgentDispatchRequest?> Agents, IReadOnlyList<string> OtherFields)
{
    public bool IsEmpty => Agents.Count == 0 && OtherFields.Count == 0;
}
