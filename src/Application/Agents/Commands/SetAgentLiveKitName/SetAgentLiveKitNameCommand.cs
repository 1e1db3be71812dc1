namespace Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;

public sealed record SetAgentLiveKitNameCommand : IRequest<Unit>
{
    public SetAgentLiveKitNameCommand(Guid agentId, string? liveKitAgentName)
    {
        AgentId = agentId;
        LiveKitAgentName = TextRules.TrimOptional(liveKitAgentName);
    }

    public Guid AgentId { get; }

    public string? LiveKitAgentName { get; }
}
