using Microsoft.AspNetCore.Http.Timeouts;

namespace Agentsgt.Api.Timeouts;

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
