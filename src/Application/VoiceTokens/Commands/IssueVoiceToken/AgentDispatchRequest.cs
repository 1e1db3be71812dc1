namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>One <c>RoomAgentDispatch</c> entry: its <c>agent_name</c>, its <c>metadata</c> and the names of every other field it set.</summary>
public sealed record AgentDispatchRequest(string? AgentName, IReadOnlyList<string> OtherFields)
{
    /// <summary>Job metadata for this agent's worker, as sent (not trimmed); empty means none.</summary>
    public string? Metadata
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? null : value;
    }
}
