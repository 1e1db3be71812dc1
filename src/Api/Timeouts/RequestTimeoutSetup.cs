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
    public const string SettingName = "Http:RequestTimeoutSeconds";
    public const double DefaultSeconds = 10;

    public static IServiceCollection AddApiRequestTimeouts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var seconds = configuration.GetValue(SettingName, DefaultSeconds);
        if (seconds is <= 0 or > 300)
        {
            throw new InvalidOperationException($"{SettingName} must be above 0 and at most 300.");
        }

        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(seconds),
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
