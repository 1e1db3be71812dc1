namespace Agentsgt.Application.ApiKeys.Authentication;

/// <summary>Checks presented API key credentials (the contract's checks 2 and 3).</summary>
public interface IApiKeyAuthenticator
{
    /// <summary>
    /// Reads the key and the path's agent in one round trip, asks the key whether the credentials
    /// fit (<see cref="ApiKey.Check"/>), and for a valid key records it as used (written behind).
    /// </summary>
    /// <param name="credentials">The parsed <c>Authorization</c> header.</param>
    /// <param name="origin">The request's <c>Origin</c>, when it had exactly one.</param>
    /// <param name="agentId">The route's agent id as sent; read with the key when it is a UUID.</param>
    Task<ApiKeyAuthentication> AuthenticateAsync(ApiKeyCredentials credentials, string? origin, string? agentId, CancellationToken cancellationToken);
}

/// <summary>The outcome: <see cref="ApiKeyCheck"/>, and the caller when it is <see cref="ApiKeyCheck.Ok"/>.</summary>
public readonly record struct ApiKeyAuthentication(ApiKeyCheck Result, AuthenticatedCaller? Caller);

public sealed class ApiKeyAuthenticator(IApiKeyRepository apiKeys, ISecretHasher hasher, IKeyUsageRecorder usage, TimeProvider clock) : IApiKeyAuthenticator
{
    public async Task<ApiKeyAuthentication> AuthenticateAsync(ApiKeyCredentials credentials, string? origin, string? agentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Guid? agent = Agent.TryParseId(agentId, out var parsed) ? parsed : null;

        // The request's one database round trip: the key by its public part, and the path's agent
        // in the key's organization (a read; last_used_at is written behind).
        var read = await apiKeys.FindKeyAndAgentAsync(credentials.PublicKey, agent, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();

        // An unknown public key is checked as a key no secret fits, so it costs what a wrong secret does.
        var key = read.Key ?? ApiKey.Unknown(hasher.CurrentPepperId);
        var result = key.Check(credentials, origin, now, hasher.Verify);
        if (result != ApiKeyCheck.Ok)
        {
            return new ApiKeyAuthentication(result, null);
        }

        // Check 3: recorded as used whatever the later checks say; the row gets it within the flush bound.
        await usage.RecordAsync(key.Id, now).ConfigureAwait(false);
        return new ApiKeyAuthentication(ApiKeyCheck.Ok, new AuthenticatedCaller(key.Id, key.OrganizationId, key.Kind)
        {
            AllowedAgentIds = key.AllowedAgentIds.Count == 0 ? null : key.AllowedAgentIds,
            AgentId = agent,
            Agent = read.Agent,
            SessionCaps = read.Caps,
        });
    }
}
