using System.Diagnostics;
using Agentsgt.Api.Health;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentsgt.Api.Warmup;

/// <summary>The warm-up before readiness (<see cref="TokenPathWarmup"/>), configured under <c>Warmup</c>.</summary>
public static class WarmupSetup
{
    public static IServiceCollection AddTokenPathWarmup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WarmupOptions>().BindSection(configuration.GetSection(WarmupOptions.SectionName));
        services.AddSingleton<WarmupCredential>();
        services.AddSingleton<WarmupStatus>();
        services.AddScoped<ApiKeyAuthenticator>();
        services.Replace(ServiceDescriptor.Scoped<IApiKeyAuthenticator, WarmupAuthenticator>());
        services.AddHostedService<TokenPathWarmup>();
        services.AddHealthChecks().AddCheck<WarmupHealthCheck>(WarmupHealthCheck.Name, tags: [HealthChecksSetup.ReadyTag]);
        return services;
    }

    /// <summary>The rate limiter, for every caller but the warm-up's: it counts in no limit.</summary>
    public static IApplicationBuilder UseRateLimiterOutsideWarmup(this IApplicationBuilder app)
    {
        var credential = app.ApplicationServices.GetRequiredService<WarmupCredential>();
        return app.UseWhen(
            context => !credential.IsActive || context.Features.Get<AuthenticatedCaller>()?.ApiKeyId != credential.ApiKeyId,
            limited => limited.UseRateLimiter());
    }

    /// <summary>Warm-up requests count in no request metric and leave no trace span.</summary>
    public static IApplicationBuilder UseWarmupRequestsUncounted(this IApplicationBuilder app)
    {
        var credential = app.ApplicationServices.GetRequiredService<WarmupCredential>();
        return app.Use((context, next) =>
        {
            if (credential.IsActive && credential.Matches(context.Request.Headers.Authorization.ToString()))
            {
                if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
                {
                    metrics.MetricsDisabled = true;
                }

                if (Activity.Current is { } activity)
                {
                    activity.IsAllDataRequested = false;
                    activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
                }
            }

            return next(context);
        });
    }
}
