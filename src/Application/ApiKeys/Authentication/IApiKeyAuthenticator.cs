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
