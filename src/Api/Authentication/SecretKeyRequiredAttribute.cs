using Microsoft.AspNetCore.Mvc.Filters;

namespace Agentsgt.Api.Authentication;

/// <summary>
/// Refuses publishable keys with 403 <c>forbidden</c>. An MVC filter, not an authorization policy:
/// it answers after the rate limiter (a 429 comes first) and before the query is validated.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class SecretKeyRequiredAttribute : Attribute, IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HttpContext.GetCaller().Kind != ApiKeyKind.Secret)
        {
            throw new ApiRequestException(ApiError.UsageForbidden);
        }
    }
}
