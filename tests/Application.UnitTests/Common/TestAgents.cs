using Agentsgt.Application.ApiKeys.Authentication;

namespace Agentsgt.Application.UnitTests.Common;

/// <summary>The path's agent as the authentication step hands it on, for command tests.</summary>
internal static class TestAgents
{
    public static RequestedAgent Found(Guid agentId, Guid organizationId, string? liveKitAgentName = null) =>
        new(agentId, new ActiveAgent(agentId, organizationId, liveKitAgentName));

    /// <summary>Missing, deleted, another organization's, off a publishable key's allow-list, or not a UUID (null id).</summary>
    public static RequestedAgent NotPermitted(Guid? agentId) => new(agentId, null);
}
