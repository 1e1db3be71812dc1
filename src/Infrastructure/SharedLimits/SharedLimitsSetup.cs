using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>Every limit's store, in process or on Redis when <c>Redis:Configuration</c> is set; the caller registers the <see cref="FailedAuthenticationLimit"/>.</summary>
public static class SharedLimitsSetup
{
    public static IServiceCollection AddSharedLimits(this IServiceCollection services, IConfiguration configuration, string readyTag)
    {
        // Whether the store exists at all is the setting's presence: its value is only read once
        // validated (StartupValidation.AddSettingsChecks registers the check).
        var section = configuration.GetSection(RedisSettings.SectionName);
        if (section[nameof(RedisSettings.Configuration)] is null)
        {
            services.AddSingleton<ITokenBuckets>(new TokenBuckets(null));
            services.AddSingleton<IFailedAuthenticationBudget>(provider => new LocalFailedAuthenticationBudget(provider.GetRequiredService<FailedAuthenticationLimit>()));
            return services;
        }

        services.AddSingleton<SharedLimitStore>();
        services.AddHostedService<SharedLimitProbe>();
        services.AddHealthChecks().AddCheck<SharedLimitHealthCheck>("redis", HealthStatus.Degraded, tags: [readyTag]);
        services.AddSingleton<ITokenBuckets>(provider => new TokenBuckets(provider.GetRequiredService<SharedLimitStore>()));
        services.AddSingleton<IFailedAuthenticationBudget>(provider =>
        {
            var store = provider.GetRequiredService<SharedLimitStore>();
            var limit = provider.GetRequiredService<FailedAuthenticationLimit>();
            var share = new LocalFailedAuthenticationBudget(limit with { Limit = TokenBuckets.Share(limit.Limit, store.Instances), PerSecond = limit.PerSecond / store.Instances });
            return new SharedFailedAuthenticationBudget(store, limit, share);
        });
        return services;
    }
}
