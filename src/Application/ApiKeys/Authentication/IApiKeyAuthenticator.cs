namespace Agentsgt.Application.ApiKeys.Authentication;

public interface IApiKeyAuthenticator
{
    Task<ApiKeyAuthentication> AuthenticateAsync(ApiKeyCredentials credentials, string? origin, string? agentId, CancellationToken cancellationToken);
}
