using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Agentsgt.Api.Cors;

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
