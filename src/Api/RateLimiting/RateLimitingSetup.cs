using System.Globalization;
using System.Threading.RateLimiting;
using Agentsgt.Api.Errors;
using Agentsgt.Api.Telemetry;
using Agentsgt.Application.ApiKeys.Authentication;
using Agentsgt.Domain.Entities;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

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
        var options = new RateLimitingOptions();
        configuration.GetSection(RateLimitingOptions.SectionName).Bind(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            // Read once at start-up (the limiter is built from it), so checked here; Program reports it like the others.
            throw new OptionsValidationException(RateLimitingOptions.SectionName, typeof(RateLimitingOptions), problems);
        }

        services.AddSingleton(_ => new FailedAuthenticationThrottle(options));
        services.AddSingleton(_ => new PublishableKeyLimits(options));

        var period = TimeSpan.FromSeconds(options.PerKeyReplenishmentSeconds);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerApiKeyPolicy, context =>
            {
                if (context.Features.Get<AuthenticatedCaller>() is not { } caller)
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var keyId = caller.ApiKeyId.ToString("D");
                return caller.Kind == ApiKeyKind.Publishable
                    ? context.RequestServices.GetRequiredService<PublishableKeyLimits>().Partition(context, keyId)
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
