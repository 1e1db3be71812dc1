using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Agentsgt.Api.Authentication;

/// <summary>
/// Decides the token endpoints' policy on the key check's own result (that policy only denies
/// anonymous callers), skipping the framework's second pass. Any other policy goes to the framework.
/// </summary>
public sealed class ApiKeyPolicyEvaluator : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Allowed = Task.FromResult(PolicyAuthorizationResult.Success());
    private static readonly Task<PolicyAuthorizationResult> Challenged = Task.FromResult(PolicyAuthorizationResult.Challenge());

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsKeyCheckOnly(policy) ? AuthenticateOnceAsync(context) : Framework(context).AuthenticateAsync(policy, context);
    }

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult, HttpContext context, object? resource)
    {
        ArgumentNullException.ThrowIfNull(authenticationResult);
        ArgumentNullException.ThrowIfNull(context);
        if (!IsKeyCheckOnly(policy))
        {
            return Framework(context).AuthorizeAsync(policy, authenticationResult, context, resource);
        }

        // A failed or absent key check is a challenge: the handler writes its own 401 or 429.
        return authenticationResult.Succeeded ? Allowed : Challenged;
    }

    private static async Task<AuthenticateResult> AuthenticateOnceAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName).ConfigureAwait(false);
        if (result.Succeeded)
        {
            context.User = result.Principal;
        }

        return result;
    }

    private static bool IsKeyCheckOnly(AuthorizationPolicy policy) =>
        policy is { AuthenticationSchemes: [ApiKeyAuthenticationHandler.SchemeName], Requirements: [DenyAnonymousAuthorizationRequirement] };

    private static PolicyEvaluator Framework(HttpContext context) => context.RequestServices.GetRequiredService<PolicyEvaluator>();
}
