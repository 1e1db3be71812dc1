using System.Text.Json.Nodes;
using Agentsgt.Api.Controllers;
using Agentsgt.Api.Responses;
using Agentsgt.Application.Sessions.Queries.GetUsage;
using Agentsgt.Application.Sessions.Queries.ListSessions;
using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Agentsgt.Api.OpenApi;

public sealed class ContractExamplesOperationFilter : IOperationFilter
{
    private const string Json = "application/json";

    internal static readonly IssueVoiceTokenRequest ExampleRequest = new()
    {
        RoomName = "support-room-001",
        VisitorId = "user-123",
        VisitorName = "John Doe",
    };

    internal static readonly VoiceTokenDto ExampleToken = new()
    {
        Token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJBUElrZXkiLCJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJl",
        RoomName = "agentsgt-room-550e8400-e29b-41d4-a716-446655440000-0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31-support-room-001",
        ServerUrl = "wss://your-livekit-server.livekit.cloud",
        VisitorId = "user-123",
        ExpiresAt = new DateTime(2026, 11, 24, 20, 0, 0, DateTimeKind.Utc),
        SessionId = new Guid("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        MaxSessionSeconds = 3600,
    };

    internal static readonly IReadOnlyDictionary<int, (string Name, string Summary, ApiErrorBody Body)[]> ErrorExamples =
        new Dictionary<int, (string, string, ApiErrorBody)[]>
        {
            [StatusCodes.Status400BadRequest] =
            [
                ("invalid_request", "Malformed JSON or a field of the wrong JSON type", Body(ApiError.InvalidJsonAt("$.visitorName"))),
                ("validation_error", "A field breaks its rules (details name each field)", Body(ApiError.ValidationFailed, new Dictionary<string, string[]>
                {
                    ["roomName"] = [IssueVoiceTokenCommandValidator.ShortRoomNameMessage],
                })),
                ("validation_error_resume_token", "Publishable key: a resumeToken that was modified, has expired, or was issued to another key or agent", Body(ApiError.ValidationFailed, new Dictionary<string, string[]>
                {
                    ["resumeToken"] = [IssueVoiceTokenCommandHandler.ResumeTokenExpiredMessage],
                })),
            ],
            [StatusCodes.Status401Unauthorized] =
            [
                ("unauthorized", "Authorization header missing or not Bearer pk_…:sk_…", Body(ApiError.Unauthorized)),
                ("invalid_key", "Unknown key, wrong secret, revoked or expired key", Body(ApiError.InvalidKey)),
            ],
            [StatusCodes.Status404NotFound] = [("not_found", "No such agent in your organization", Body(ApiError.AgentNotFound))],
            [StatusCodes.Status413PayloadTooLarge] = [("payload_too_large", "Body over 16 KiB", Body(ApiError.PayloadTooLarge))],
            [StatusCodes.Status415UnsupportedMediaType] = [("unsupported_media_type", "A body that is not application/json", Body(ApiError.UnsupportedMediaType))],
            [StatusCodes.Status429TooManyRequests] =
            [
                ("rate_limited", "Too many requests for this API key; see Retry-After", Body(ApiError.RateLimited)),
                ("session_limit", "The key's or its organization's concurrent voice sessions are at their cap; see Retry-After", Body(ApiError.SessionLimit)),
            ],
            [StatusCodes.Status500InternalServerError] =
            [
                ("config_error", "Voice (LiveKit) is not configured on the server", Body(ApiError.ConfigError)),
                ("internal_error", "The token could not be signed", Body(ApiError.TokenFailed)),
                ("internal_error_unexpected", "Any other unexpected failure", Body(ApiError.Internal)),
            ],
            [StatusCodes.Status503ServiceUnavailable] = [("service_unavailable", "Database unreachable; retry after Retry-After seconds", Body(ApiError.ServiceUnavailable))],
        };

    internal static readonly SessionListDto ExampleSessions = new(
        [
            new SessionDto(
                Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
                Guid.Parse("550e8400-e29b-41d4-a716-446655440000"),
                "pk_4f8a1c2e9b7d3a5f6e0c1b2a",
                ExampleToken.RoomName,
                "user-123",
                new DateTime(2026, 12, 7, 9, 30, 0, DateTimeKind.Utc),
                new DateTime(2026, 12, 7, 9, 30, 4, DateTimeKind.Utc),
                new DateTime(2026, 12, 7, 9, 42, 10, DateTimeKind.Utc),
                "left",
                726),
        ],
        "AQAAAZr4Vn3AAHyeZnl0JUDelEvgf8H5Cuc3Vh0vQ2p3T5oWv8Qh9E1x");

    internal static readonly UsageDto ExampleUsage = new(
        new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
        new DateTime(2026, 12, 8, 0, 0, 0, DateTimeKind.Utc),
        [
            new UsageGroupDto("550e8400-e29b-41d4-a716-446655440000", 42, 18_340),
            new UsageGroupDto("9b2d7f0e-3c1a-4e5b-8f6d-2a7c9e1b4d30", 7, 2_105),
        ],
        new UsageTotalDto(49, 20_445));

    /// <summary>Every error the usage endpoints can answer, by status code; the 400 example names the operation's own parameter.</summary>
    internal static IReadOnlyDictionary<int, (string Name, string Summary, ApiErrorBody Body)[]> UsageErrorExamples(bool sessions) =>
        new Dictionary<int, (string, string, ApiErrorBody)[]>
        {
            [StatusCodes.Status400BadRequest] =
            [
                ("validation_error", "A query value breaks its rules (details name each parameter)", Body(ApiError.ValidationFailed, sessions
                    ? new Dictionary<string, string[]> { ["limit"] = [UsageQueryValues.LimitMessage] }
                    : new Dictionary<string, string[]> { ["groupBy"] = [UsageQueryValues.GroupByMessage] })),
            ],
            [StatusCodes.Status401Unauthorized] = ErrorExamples[StatusCodes.Status401Unauthorized],
            [StatusCodes.Status403Forbidden] = [("forbidden", "A publishable key: usage is for servers only", Body(ApiError.UsageForbidden))],
            [StatusCodes.Status429TooManyRequests] = [.. ErrorExamples[StatusCodes.Status429TooManyRequests].Where(e => e.Body.Error == ApiError.RateLimited.Code)],
            [StatusCodes.Status500InternalServerError] = [("internal_error", "An unexpected failure", Body(ApiError.Internal))],
            [StatusCodes.Status503ServiceUnavailable] = ErrorExamples[StatusCodes.Status503ServiceUnavailable],
        };

    /// <summary>Every error the LiveKit webhook receiver can answer, by status code.</summary>
    internal static readonly IReadOnlyDictionary<int, (string Name, string Summary, ApiErrorBody Body)[]> WebhookErrorExamples =
        new Dictionary<int, (string, string, ApiErrorBody)[]>
        {
            [StatusCodes.Status400BadRequest] = [("invalid_request", "Signed, but not a LiveKit webhook event", Body(ApiError.InvalidWebhook))],
            [StatusCodes.Status401Unauthorized] = [("invalid_signature", "Authorization is not LiveKit's signature of this body", Body(ApiError.InvalidSignature))],
            [StatusCodes.Status413PayloadTooLarge] = [("payload_too_large", "Body over 1 MiB", Body(ApiError.WebhookPayloadTooLarge))],
            [StatusCodes.Status415UnsupportedMediaType] = [("unsupported_media_type", "Neither application/webhook+json nor application/json", Body(ApiError.WebhookUnsupportedMediaType))],
            [StatusCodes.Status500InternalServerError] = [("config_error", "LiveKit is not configured on the server", Body(ApiError.ConfigError))],
            [StatusCodes.Status503ServiceUnavailable] = [("service_unavailable", "Database unreachable; LiveKit retries", Body(ApiError.ServiceUnavailable))],
        };

    private static readonly Dictionary<int, (string Header, string Description)[]> ResponseHeaders = new()
    {
        [StatusCodes.Status401Unauthorized] = [("WWW-Authenticate", "Always `Bearer`.")],
        [StatusCodes.Status429TooManyRequests] = [("Retry-After", "Seconds to wait before the next call with this key.")],
        [StatusCodes.Status503ServiceUnavailable] = [("Retry-After", "Seconds to wait before retrying.")],
    };

    // The page's example names three fields; optional ones left out stay out of the example.
    private static readonly JsonSerializerOptions ExampleOptions = new(JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);

        if (context.ApiDescription.ParameterDescriptions.Any(p => p.Type == typeof(IssueVoiceTokenRequest))
            && operation.RequestBody?.Content?.TryGetValue(Json, out var request) == true && request is OpenApiMediaType requestMedia)
        {
            requestMedia.Example = JsonSerializer.SerializeToNode(ExampleRequest, ExampleOptions);
        }

        var controller = (context.ApiDescription.ActionDescriptor as ControllerActionDescriptor)?.ControllerTypeInfo;
        var usage = controller == typeof(UsageController);
        var isWebhook = controller == typeof(LiveKitWebhookController);
        var errorExamples = usage ? UsageErrorExamples(context.ApiDescription.ActionDescriptor is ControllerActionDescriptor { ActionName: nameof(UsageController.ListSessions) })
            : isWebhook ? WebhookErrorExamples
            : ErrorExamples;
        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse openApiResponse || !int.TryParse(code, out var status))
            {
                continue;
            }

            var media = openApiResponse.Content?.TryGetValue(Json, out var found) == true ? found as OpenApiMediaType : null;
            if (status == StatusCodes.Status200OK && media is not null
                && context.ApiDescription.SupportedResponseTypes.Any(r => r.StatusCode == status && r.Type == typeof(VoiceTokenDto)))
            {
                media.Example = JsonSerializer.SerializeToNode(ExampleToken, JsonSerializerOptions.Web);
            }

            if (status == StatusCodes.Status200OK && media is not null && usage)
            {
                media.Example = context.ApiDescription.SupportedResponseTypes.Any(r => r.Type == typeof(UsageDto))
                    ? JsonSerializer.SerializeToNode(ExampleUsage, JsonSerializerOptions.Web)
                    : JsonSerializer.SerializeToNode(ExampleSessions, JsonSerializerOptions.Web);
            }

            if (errorExamples.TryGetValue(status, out var examples) && media is not null)
            {
                media.Examples = examples.ToDictionary(
                    e => e.Name,
                    e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = ToNode(e.Body) },
                    StringComparer.Ordinal);
            }

            if (!isWebhook && ResponseHeaders.TryGetValue(status, out var headers))
            {
                openApiResponse.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                foreach (var (name, description) in headers)
                {
                    openApiResponse.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }
            }
        }
    }

    private static ApiErrorBody Body(ApiError error, IReadOnlyDictionary<string, string[]>? details = null) =>
        new(error.Code, error.Message, details);

    // The serializer context real error responses are written with.
    private static JsonNode? ToNode(ApiErrorBody body) =>
        JsonSerializer.SerializeToNode(body, ApiErrorJsonContext.Default.ApiErrorBody);
}
