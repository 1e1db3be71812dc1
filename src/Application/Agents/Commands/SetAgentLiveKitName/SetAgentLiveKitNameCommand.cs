namespace Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;

/// <summary>
/// Set (or clear, with null or blank) the LiveKit agent (worker) name an agent's tokens dispatch
/// explicitly. A management operation: any organization's agent, by id. Deleted agents are not found.
/// </summary>
public sealed record SetAgentLiveKitNameCommand : IRequest<Unit>
{
    public SetAgentLiveKitNameCommand(Guid agentId, string? liveKitAgentName)
    {
        AgentId = agentId;
        LiveKitAgentName = TextRules.TrimOptional(liveKitAgentName);
    }

    public Guid AgentId { get; }

    /// <summary>Trimmed; null when cleared.</summary>
    public string? LiveKitAgentName { get; }
}
