using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentsgt.Api.Cors;

/// <summary>
/// CORS for the configured product front-end origins, and on the token endpoints for the origins
/// of active publishable keys (<see cref="ApiCorsPolicyProvider"/>). Any other origin gets no CORS
/// headers, so browsers refuse the cross-origin call.
/// </summary>
public static class CorsSetup
{
    public static IServiceCollection AddApiCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
            cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. settings.Value.AllowedOrigins])
                .WithMethods(HttpMethods.Post)
                .WithHeaders("Authorization", "Content-Type")
                .WithExposedHeaders("Retry-After")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        services.AddSingleton<PublishableOriginCache>();
        services.AddHostedService<PublishableOriginPreloader>();
        services.Replace(ServiceDescriptor.Transient<ICorsPolicyProvider, ApiCorsPolicyProvider>());
        return services;
    }

    /// <summary>
    /// Between routing and authentication, so preflights are answered before any credential check.
    /// Always added: publishable keys can be created at any time. A request without a policy
    /// passes through untouched.
    /// </summary>
    public static WebApplication UseApiCors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors();
        app.Use(RefusePreflightsCorsDidNotAnswer);
        return app;
    }

    /// <summary>
    /// A preflight matched a token endpoint only because it accepts preflights; if the CORS
    /// middleware let it through, its origin got no policy. It must not run the action (a
    /// <c>401</c>): it gets what any route answers an unlisted method, <c>405</c> with
    /// <c>Allow</c> (the JSON body comes from the status-code responses).
    /// </summary>
    private static Task RefusePreflightsCorsDidNotAnswer(HttpContext context, RequestDelegate next)
    {
        if (HttpMethods.IsOptions(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<IHttpMethodMetadata>() is { AcceptCorsPreflight: true } methods
            && !methods.HttpMethods.Contains(HttpMethods.Options, StringComparer.OrdinalIgnoreCase))
        {
            context.Response.Headers.Allow = string.Join(", ", methods.HttpMethods);
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
