namespace Agentsgt.Application.ApiKeys.Authentication;

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

        // Recorded as used whatever the later checks say; the row gets it within the flush bound.
        await usage.RecordAsync(key.Id, now).ConfigureAwait(false);

        // An agent outside a publishable key's allow-list is answered exactly like a missing one.
        var permitted = read.Agent is { } found && (key.AllowedAgentIds.Count == 0 || key.AllowedAgentIds.Contains(found.Id)) ? found : null;
        return new ApiKeyAuthentication(ApiKeyCheck.Ok, new AuthenticatedCaller(key.Id, key.OrganizationId, key.Kind) { SessionCaps = read.Caps }, new RequestedAgent(agent, permitted));
    }
}
