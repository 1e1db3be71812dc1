using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Api.Telemetry;
using Agentsgt.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace Agentsgt.Api.Errors;

/// <summary>
/// The one place where exceptions become the contract's JSON errors. Client mistakes are not
/// logged as errors; unexpected failures are logged with the exception (for operators: its
/// messages come from our code, EF Core and Npgsql with sensitive-data logging and IdentityModel
/// PII logging both off, so no key material), never with headers or bodies, and are answered
/// without any detail.
/// </summary>
public sealed partial class ApiExceptionHandler : IExceptionHandler
{
    private readonly ILogger<ApiExceptionHandler> _logger;
    private readonly ApiMetrics _metrics;

    public ApiExceptionHandler(ILogger<ApiExceptionHandler> logger, ApiMetrics metrics)
    {
        _logger = logger;
        _metrics = metrics;
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var (error, details) = Classify(exception);
        if (error.Status >= 500)
        {
            LogServerError(_logger, error.Code, exception.GetType().Name, httpContext.Request.Path, exception);
        }

        if (error == ApiError.ServiceUnavailable)
        {
            _metrics.DatabaseUnavailable();
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
        TokenSigningException => (ApiError.TokenFailed, null),
        BadHttpRequestException bad => (bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiError.PayloadTooLarge : ApiError.InvalidJson, null),
        _ when DatabaseErrors.IsUnavailable(exception) => (ApiError.ServiceUnavailable, null),
        _ => (ApiError.Internal, null),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed with {ErrorCode} ({ExceptionType}) on {Path}")]
    private static partial void LogServerError(ILogger logger, string errorCode, string exceptionType, PathString path, Exception exception);
}
