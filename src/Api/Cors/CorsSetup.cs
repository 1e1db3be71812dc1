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
    public static IServiceCollection AddApiCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<CorsSettings>().Bind(configuration.GetSection(CorsSettings.SectionName));

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
        return app;
    }
}
