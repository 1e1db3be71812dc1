using Agentsgt.Api.Logging;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Agentsgt.Api.Timeouts;

/// <summary>
/// ASP.NET Core's request timeouts: after <c>Http:RequestTimeoutSeconds</c> the request's
/// cancellation token fires, the database call in flight is cancelled, and the caller gets the
/// contract's 503 with Retry-After instead of waiting on.
/// </summary>
public static class RequestTimeoutSetup
{
    public static IServiceCollection AddApiRequestTimeouts(this IServiceCollection services)
    {
        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<HttpSettings>>((options, settings) =>
            options.DefaultPolicy = new RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(settings.Value.RequestTimeoutSeconds),
                TimeoutStatusCode = ApiError.RequestTimedOut.Status,
                WriteTimeoutResponse = context =>
                {
                    context.RequestServices.GetRequiredService<DatabaseOutageLog>().RequestFailed(null, context.Request.Path);
                    return ApiErrorWriter.WriteAsync(context, ApiError.RequestTimedOut);
                },
            });
        return services;
    }
}

/// <summary>Section <c>Http</c>: the upper bound on one request, in seconds (above 0, at most 300; default 10).</summary>
public sealed class HttpSettings : IValidatedOptions
{
    public const string SectionName = "Http";
    public const double MaxRequestTimeoutSeconds = 300;

    public double RequestTimeoutSeconds { get; set; } = 10;

    public IEnumerable<string> Problems()
    {
        if (RequestTimeoutSeconds is <= 0 or > MaxRequestTimeoutSeconds || double.IsNaN(RequestTimeoutSeconds))
        {
            yield return $"Http:RequestTimeoutSeconds ({RequestTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}) must be above 0 and at most {MaxRequestTimeoutSeconds}.";
        }
    }
}
