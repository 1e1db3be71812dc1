using System.Threading.RateLimiting;
using Agentsgt.Api.Health;
using Agentsgt.Infrastructure.SharedLimits;
using Microsoft.AspNetCore.RateLimiting;
using RedisRateLimiting;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by the authenticated API key, and the per-address
/// budget of failed authentications (<see cref="FailedAuthenticationThrottle"/>). Every bucket
/// comes from <see cref="ITokenBuckets"/>: shared through Redis when <c>Redis:Configuration</c> is set.
/// </summary>
public static class RateLimitingSetup
{
    public const string PerApiKeyPolicy = "per-api-key";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSharedLimits(configuration, HealthChecksSetup.ReadyTag);
        services.AddSingleton(provider =>
        {
            var options = Options(provider);
            return new FailedAuthenticationLimit(options.FailedAuthPerAddressTokenLimit, options.FailedAuthPerAddressTokensPerPeriod / options.FailedAuthPerAddressReplenishmentSeconds);
        });
        services.AddSingleton(provider => new FailedAuthenticationThrottle(Options(provider), provider.GetRequiredService<IFailedAuthenticationBudget>()));
        services.AddSingleton(provider => new PublishableKeyLimits(Options(provider), provider.GetRequiredService<ITokenBuckets>()));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((limiter, settings) =>
        {
            var options = settings.Value;
            var period = TimeSpan.FromSeconds(options.PerKeyReplenishmentSeconds);
            var perKey = TokenBuckets.Options(options.PerKeyTokenLimit, options.PerKeyTokensPerPeriod, period);
            limiter.AddPolicy(PerApiKeyPolicy, context =>
            {
                if (context.Features.Get<AuthenticatedCaller>() is not { } caller)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var keyId = caller.ApiKeyId.ToString("D");
                return caller.Kind == ApiKeyKind.Publishable
                    ? context.RequestServices.GetRequiredService<PublishableKeyLimits>().Partition(context, keyId)
                    : RateLimitPartition.Get(keyId, id => context.RequestServices.GetRequiredService<ITokenBuckets>().Create("key:" + id, perKey));
            });

            limiter.OnRejected = (context, _) =>
            {
                // The in-process buckets give a TimeSpan, RedisRateLimiting's whole seconds.
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait
                    : context.Lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var sharedWait) ? TimeSpan.FromSeconds(sharedWait)
                    : period;
                context.HttpContext.RequestServices.GetRequiredService<ApiMetrics>().RateLimited();
                return new ValueTask(ApiErrorWriter.WriteAsync(context.HttpContext, ApiError.RateLimited, retryAfter: retryAfter));
            };
        });
        return services;
    }

    private static RateLimitingOptions Options(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
}
