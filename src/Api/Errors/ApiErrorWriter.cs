using System.Text.Encodings.Web;

namespace Agentsgt.Api.Errors;

public static class ApiErrorWriter
{
    public const int ServiceUnavailableRetryAfterSeconds = 5;

    // Messages read as written ("agent's", not "agent\u0027s"). Unescaped <, > and & are harmless in
    // a body that is only ever JSON: nosniff below keeps browsers from reading it as HTML.
    private static readonly ApiErrorJsonContext Json = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static Task WriteAsync(HttpContext context, ApiError error, IReadOnlyDictionary<string, string[]>? details = null, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json; charset=utf-8";
        NoStore(response);
        response.Headers.XContentTypeOptions = "nosniff";
        // A webhook's 401 is not an invitation to send a bearer token.
        if (error.Status == StatusCodes.Status401Unauthorized && error != ApiError.InvalidSignature)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        retryAfter ??= error.Status == StatusCodes.Status503ServiceUnavailable ? TimeSpan.FromSeconds(ServiceUnavailableRetryAfterSeconds) : null;
        if (retryAfter is { } wait)
        {
            // Whole seconds, rounded up, at least one: a client that waits that long is not early.
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Lets traces be searched by contract error code (e.g. invalid_key) when tracing is on.
        System.Diagnostics.Activity.Current?.SetTag("agentsgt.error", error.Code);

        var body = new ApiErrorBody(error.Code, error.Message, details);
        // Not RequestAborted: after a request timeout it is already cancelled, and a cancelled
        // write would turn the 503 into a second, 500 answer. The body is a few hundred bytes.
        return JsonSerializer.SerializeAsync(response.Body, body, Json.ApiErrorBody, CancellationToken.None);
    }

    public static void NoStore(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
    }

    public static bool IsApiPath(HttpContext context) =>
        context?.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) == true;
}
