namespace Agentsgt.Api.Authentication;

public static class AuthenticatedCallerExtensions
{
    public static AuthenticatedCaller GetCaller(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<AuthenticatedCaller>()
               ?? throw new InvalidOperationException("The request has no authenticated API key: is the endpoint missing [Authorize]?");
    }

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
