using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Agentsgt.Api.Cors;

/// <summary>
/// Which CORS policy a request gets: the configured product front-end origins
/// (<c>Cors:AllowedOrigins</c>) as before, on every route; and, on the two token endpoints only,
/// an origin that some active publishable key allows, answered with exactly that origin. Anything
/// else gets no policy, so no CORS headers (and a preflight gets the usual 405: <see cref="CorsSetup"/>).
/// </summary>
public sealed class ApiCorsPolicyProvider(IOptions<CorsOptions> options, PublishableOriginCache publishableOrigins) : ICorsPolicyProvider
{
    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origins = context.Request.Headers.Origin;
        if (origins.Count != 1 || string.IsNullOrEmpty(origins[0]))
        {
            return null;
        }

        var origin = origins[0]!;
        var configured = options.Value.GetPolicy(options.Value.DefaultPolicyName);
        if (configured is not null && configured.IsOriginAllowed(origin))
        {
            return configured;
        }

        return IsTokenEndpoint(context) && await publishableOrigins.AllowsAsync(origin, context.RequestAborted).ConfigureAwait(false)
            ? PublishablePolicy(origin)
            : null;
    }

    /// <summary>
    /// The two token endpoints, by their metadata. A preflight reaches them because they accept
    /// preflights (<see cref="TokenEndpointAttribute"/> is CORS metadata).
    /// </summary>
    private static bool IsTokenEndpoint(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<TokenEndpointAttribute>() is not null;

    // Exactly the asking origin (a custom predicate also makes ASP.NET Core send Vary: Origin);
    // never a wildcard, never credentials.
    private static CorsPolicy PublishablePolicy(string origin) => new CorsPolicyBuilder()
        .SetIsOriginAllowed(candidate => string.Equals(candidate, origin, StringComparison.Ordinal))
        .WithMethods(HttpMethods.Post)
        .WithHeaders("Authorization", "Content-Type")
        .WithExposedHeaders("Retry-After")
        .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
        .Build();
}
