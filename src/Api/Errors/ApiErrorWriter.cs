using System.Text.Json.Serialization;

namespace Agentsgt.Api.Errors;

/// <summary>Writes the contract's error body: <c>{"error","message"[,"details"]}</c>, always JSON.</summary>
public static class ApiErrorWriter
{
    /// <summary>Seconds a client should wait after a 503 before retrying.</summary>
    public const int ServiceUnavailableRetryAfterSeconds = 5;

    public static Task WriteAsync(HttpContext context, ApiError error, IReadOnlyDictionary<string, string[]>? details = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        // A webhook's 401 is not an invitation to send a bearer token.
        if (error.Status == StatusCodes.Status401Unauthorized && error != ApiError.InvalidSignature)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        if (error.Status == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = ServiceUnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Lets traces be searched by contract error code (e.g. invalid_key) when tracing is on.
        System.Diagnostics.Activity.Current?.SetTag("agentsgt.error", error.Code);

        var body = new ApiErrorBody(error.Code, error.Message, details);
        // Not RequestAborted: after a request timeout it is already cancelled, and a cancelled
        // write would turn the 503 into a second, 500 answer. The body is a few hundred bytes.
        return JsonSerializer.SerializeAsync(response.Body, body, ApiErrorJsonContext.Default.ApiErrorBody, CancellationToken.None);
    }

    public static bool IsApiPath(HttpContext context) =>
        context?.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) == true;
}

/// <summary>Every error answer of this API.</summary>
/// <param name="Error">Machine-readable error code, e.g. <c>invalid_key</c>; see the examples per status code.</param>
/// <param name="Message">Human-readable text; fixed per code (never echoes input).</param>
/// <param name="Details">Only for <c>validation_error</c>: the problems per request field, keyed by its JSON name.</param>
public sealed record ApiErrorBody(
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Details);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiErrorBody))]
internal sealed partial class ApiErrorJsonContext : JsonSerializerContext;
