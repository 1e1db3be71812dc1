using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentsgt.Api.Cors;

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

    // Between routing and authentication, so preflights are answered before any credential check.
    public static WebApplication UseApiCors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors();
        app.Use(RefusePreflightsCorsDidNotAnswer);
        return app;
    }

    // A preflight that reached a token endpoint without a policy must not run the action (a 401): it gets
    // the 405 with Allow any route answers an unlisted method.
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
