using System.Globalization;
using System.Threading.RateLimiting;
using Agentsgt.Api.Authentication;
using Agentsgt.Api.Errors;
using Agentsgt.Api.Telemetry;
using Agentsgt.Infrastructure.Configuration;
using Microsoft.AspNetCore.RateLimiting;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by the authenticated API key, and the per-address
/// budget of failed authentications (<see cref="FailedAuthenticationThrottle"/>).
/// </summary>
public static class RateLimitingSetup
{
    public const string PerApiKeyPolicy = "per-api-key";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        // Checked at start-up with the other options; the limiters below are built from the same values.
        var section = configuration.GetSection(RateLimitingOptions.SectionName);
        services.AddValidatedOptions<RateLimitingOptions>().Bind(section);
        var options = section.Get<RateLimitingOptions>() ?? new RateLimitingOptions();

        services.AddSingleton(_ => new FailedAuthenticationThrottle(options));
        services.AddSingleton(_ => new PublishableKeyLimits(options));

        var period = TimeSpan.FromSeconds(options.PerKeyReplenishmentSeconds);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerApiKeyPolicy, context =>
            {
                var keyId = context.User.FindFirst(ApiKeyClaims.ApiKeyId)?.Value;
                if (keyId is not null && context.User.IsPublishableKey())
                {
                    return context.RequestServices.GetRequiredService<PublishableKeyLimits>().Partition(context, keyId);
                }

                return keyId is null
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetTokenBucketLimiter(keyId, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.PerKeyTokenLimit,
                        TokensPerPeriod = options.PerKeyTokensPerPeriod,
                        ReplenishmentPeriod = period,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });

            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : period;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                context.HttpContext.RequestServices.GetRequiredService<ApiMetrics>().RateLimited();
                return new ValueTask(ApiErrorWriter.WriteAsync(context.HttpContext, ApiError.RateLimited));
            };
        });
        return services;
    }
}
