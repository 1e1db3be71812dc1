using Agentsgt.Application.ApiKeys.Authentication;
using Agentsgt.Domain.Entities;

namespace Agentsgt.Api.Authentication;

/// <summary>What <see cref="ApiKeyAuthenticationHandler"/> left in <c>HttpContext.Features</c> for a token endpoint.</summary>
public static class AuthenticatedCallerExtensions
{
    /// <summary>Throws when the endpoint lacks its <c>[Authorize]</c>.</summary>
    public static AuthenticatedCaller GetCaller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<AuthenticatedCaller>()
               ?? throw new InvalidOperationException("The request has no authenticated API key: is the endpoint missing [Authorize]?");
    }

    /// <summary>The agent read with the key for the route value <paramref name="agentId"/> the action bound.</summary>
    public static RequestedAgent GetRequestedAgent(this HttpContext context, string? agentId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var agent = context.Features.Get<RequestedAgent>()
                    ?? throw new InvalidOperationException("The request has no authenticated API key: is the endpoint missing [Authorize]?");
        Guid? id = Agent.TryParseId(agentId, out var parsed) ? parsed : null;
        return agent.Id == id
            ? agent
            : throw new InvalidOperationException($"The agent was read for another route value than {ApiKeyAuthenticationHandler.AgentIdRouteValue}.");
    }
}
