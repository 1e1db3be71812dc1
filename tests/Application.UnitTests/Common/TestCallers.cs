using Agentsgt.Application.ApiKeys.Authentication;

namespace Agentsgt.Application.UnitTests.Common;

/// <summary>Authenticated callers as ApiKeyAuthenticator hands them on, for command tests.</summary>
internal static class TestCallers
{
    /// <summary>
    /// A secret key of <paramref name="organizationId"/> asking for <paramref name="agentId"/> (as the
    /// path sent it), where the database holds one live agent, <paramref name="existingAgent"/> of
    /// <paramref name="existingOrganization"/>: the read finds it only when both match.
    /// </summary>
    public static AuthenticatedCaller Reading(Guid existingAgent, Guid existingOrganization, string agentId, Guid organizationId, string? liveKitAgentName = null)
    {
        Guid? parsed = Agent.TryParseId(agentId, out var id) ? id : null;
        return new AuthenticatedCaller(Guid.NewGuid(), organizationId, ApiKeyKind.Secret)
        {
            AgentId = parsed,
            Agent = parsed == existingAgent && organizationId == existingOrganization ? new ActiveAgent(existingAgent, organizationId, liveKitAgentName) : null,
        };
    }

    /// <summary>A secret key of <paramref name="organizationId"/> whose read found <paramref name="agentId"/>.</summary>
    public static AuthenticatedCaller Found(Guid agentId, Guid organizationId, string? liveKitAgentName = null) =>
        Reading(agentId, organizationId, agentId.ToString(), organizationId, liveKitAgentName);

    /// <summary>A publishable key <paramref name="keyId"/> of <paramref name="organizationId"/> whose read found <paramref name="agentId"/>, or no agent.</summary>
    public static AuthenticatedCaller Publishable(Guid keyId, Guid agentId, Guid organizationId, bool agentFound = true) =>
        new(keyId, organizationId, ApiKeyKind.Publishable)
        {
            AgentId = agentId,
            Agent = agentFound ? new ActiveAgent(agentId, organizationId, null) : null,
        };
}
