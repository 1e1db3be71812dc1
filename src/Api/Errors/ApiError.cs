namespace Agentsgt.Api.Errors;

public sealed record ApiError(int Status, string Code, string Message)
{
    public static readonly ApiError Unauthorized = new(StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized");
    public static readonly ApiError InvalidKey = new(StatusCodes.Status401Unauthorized, "invalid_key", "Invalid API key");
    public static readonly ApiError RateLimited = new(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests");
    public static readonly ApiError PayloadTooLarge = new(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Request body must be at most 16 KiB");
    public static readonly ApiError UnsupportedMediaType = new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Content-Type must be application/json");
    public static readonly ApiError InvalidJson = new(StatusCodes.Status400BadRequest, "invalid_request", "Request body is not valid JSON");
    public static readonly ApiError NotAnObject = new(StatusCodes.Status400BadRequest, "invalid_request", "Request body must be a JSON object");
    public static readonly ApiError ValidationFailed = new(StatusCodes.Status400BadRequest, "validation_error", "One or more fields are invalid");
    public static readonly ApiError AgentNotFound = new(StatusCodes.Status404NotFound, "not_found", "Agent not found");
    public static readonly ApiError RouteNotFound = new(StatusCodes.Status404NotFound, "not_found", "Not found");
    public static readonly ApiError MethodNotAllowed = new(StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "Method not allowed");
    public static readonly ApiError ConfigError = new(StatusCodes.Status500InternalServerError, "config_error", "Voice chat not available");
    public static readonly ApiError TokenFailed = new(StatusCodes.Status500InternalServerError, "internal_error", "Failed to generate token");
    public static readonly ApiError Internal = new(StatusCodes.Status500InternalServerError, "internal_error", "Internal server error");
    public static readonly ApiError SessionLimit = new(StatusCodes.Status429TooManyRequests, "session_limit", "Too many active voice sessions");
    public static readonly ApiError InvalidSignature = new(StatusCodes.Status401Unauthorized, "invalid_signature", "Invalid webhook signature");
    public static readonly ApiError InvalidWebhook = new(StatusCodes.Status400BadRequest, "invalid_request", "Request body is not a LiveKit webhook event");
    public static readonly ApiError WebhookPayloadTooLarge = new(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Request body must be at most 1 MiB");
    public static readonly ApiError WebhookUnsupportedMediaType = new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Content-Type must be application/webhook+json or application/json");
    public static readonly ApiError ServiceUnavailable = new(StatusCodes.Status503ServiceUnavailable, "service_unavailable", "Service temporarily unavailable");

    // The only slow dependency is the database, so a timed-out request gets its 503.
    public static readonly ApiError RequestTimedOut = ServiceUnavailable;

    public static ApiError InvalidJsonAt(string path) =>
        new(StatusCodes.Status400BadRequest, "invalid_request", $"Request body is not valid JSON or has a value of the wrong type at {path}");

    public static ApiError ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized,
        StatusCodes.Status404NotFound => RouteNotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status503ServiceUnavailable => ServiceUnavailable,
        >= 500 => Internal,
        _ => new ApiError(status, "invalid_request", "Bad request"),
    };
}
