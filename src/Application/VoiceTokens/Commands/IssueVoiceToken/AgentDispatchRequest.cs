namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

public sealed record AgentDispatchRequest(string? AgentName, IReadOnlyList<string> OtherFields)
{
    public string? Metadata
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? null : value;
    }
}
