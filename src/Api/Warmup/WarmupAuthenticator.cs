namespace Agentsgt.Api.Warmup;

/// <summary>
/// The key check, accepting the warm-up credential while the warm-up runs. The real check runs
/// first either way (the database read included); the warm-up key is in no table, so it records no use.
/// </summary>
public sealed class WarmupAuthenticator(ApiKeyAuthenticator inner, WarmupCredential warmup) : IApiKeyAuthenticator
{
    public Task<ApiKeyAuthentication> AuthenticateAsync(ApiKeyCredentials credentials, string? origin, string? agentId, CancellationToken cancellationToken) =>
        warmup.IsActive
            ? WarmUpAsync(credentials, origin, agentId, cancellationToken)
            : inner.AuthenticateAsync(credentials, origin, agentId, cancellationToken);

    private async Task<ApiKeyAuthentication> WarmUpAsync(ApiKeyCredentials credentials, string? origin, string? agentId, CancellationToken cancellationToken)
    {
        var outcome = await inner.AuthenticateAsync(credentials, origin, agentId, cancellationToken).ConfigureAwait(false);
        if (outcome.Result != ApiKeyCheck.Invalid || !warmup.Matches(credentials))
        {
            return outcome;
        }

        // No agent is permitted: the handler answers 404 after validation, before signing.
        return new ApiKeyAuthentication(ApiKeyCheck.Ok, warmup.Caller(), new RequestedAgent(Agent.TryParseId(agentId, out var agent) ? agent : null, null));
    }
}
