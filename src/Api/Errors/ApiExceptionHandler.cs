using Microsoft.AspNetCore.Diagnostics;

namespace Agentsgt.Api.Errors;

public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger, ApiMetrics metrics, DatabaseOutageLog outage) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var (error, details) = Classify(exception);
        if (error == ApiError.ServiceUnavailable)
        {
            // An outage is logged once, not as a stack trace per request.
            outage.RequestFailed(exception, httpContext.Request.Path);
            metrics.DatabaseUnavailable();
        }
        else if (error.Status >= 500)
        {
            LogServerError(logger, error.Code, exception.GetType().Name, httpContext.Request.Path, exception);
        }

        // details are keyed by the command's property paths; the endpoint names them as its body does.
        // The middleware has cleared the endpoint by now; its feature keeps the one that threw.
        var endpoint = httpContext.GetEndpoint() ?? httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (details is not null && endpoint?.Metadata.GetMetadata<TokenEndpointAttribute>() is { } tokenEndpoint)
        {
            details = tokenEndpoint.DetailNames.Rename(details);
        }
        else if (details is not null)
        {
            // Other endpoints take query values whose names are their properties' camelCase.
            details = details.ToDictionary(d => JsonNamingPolicy.CamelCase.ConvertName(d.Key), d => d.Value, StringComparer.Ordinal);
        }

        if (exception is SessionLimitException limit)
        {
            httpContext.Response.Headers.RetryAfter = limit.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await ApiErrorWriter.WriteAsync(httpContext, error, details).ConfigureAwait(false);
        return true;
    }

    internal static (ApiError Error, IReadOnlyDictionary<string, string[]>? Details) Classify(Exception exception) => exception switch
    {
        ValidationException validation => (ApiError.ValidationFailed, validation.Errors),
        NotFoundException => (ApiError.AgentNotFound, null),
        ApiRequestException request => (request.Error, null),
        VoiceNotConfiguredException => (ApiError.ConfigError, null),
        SessionLimitException => (ApiError.SessionLimit, null),
        TokenSigningException => (ApiError.TokenFailed, null),
        BadHttpRequestException bad => (bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiError.PayloadTooLarge : ApiError.InvalidJson, null),
        _ when DatabaseErrors.IsUnavailable(exception) => (ApiError.ServiceUnavailable, null),
        _ => (ApiError.Internal, null),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {ErrorCode} ({ExceptionType}) on {Path}")]
    private static partial void LogServerError(ILogger logger, string errorCode, string exceptionType, PathString path, Exception exception);
}
