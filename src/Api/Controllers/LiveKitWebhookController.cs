namespace Agentsgt.Api.Controllers;

/// <summary>LiveKit's webhooks: what every token became (joined, left, room finished).</summary>
[ApiController]
[Route("api/v1/livekit")]
[Produces("application/json")]
public sealed class LiveKitWebhookController(IMediator mediator, ILiveKitWebhookVerifier verifier, ApiMetrics metrics, TimeProvider clock) : ControllerBase
{
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly string[] ContentTypes = ["application/webhook+json", "application/json"];

    /// <summary>Receive a LiveKit webhook.</summary>
    /// <remarks>
    /// The URL to put in LiveKit's <c>webhook.urls</c>. LiveKit signs each delivery with the API key
    /// and secret this service signs tokens with: <c>Authorization</c> is a JWT (no <c>Bearer</c>)
    /// whose <c>sha256</c> claim is the body's SHA-256. The body is LiveKit's <c>WebhookEvent</c> as
    /// protojson (<c>application/webhook+json</c> or <c>application/json</c>, up to 1 MiB). Each event
    /// counts once by its <c>id</c>.
    /// </remarks>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    /// <response code="200">Accepted (also for events that are not about a session, and for redeliveries): <c>{}</c>.</response>
    /// <response code="400">Signed, but not a readable LiveKit event (<c>invalid_request</c>).</response>
    /// <response code="401">Missing or invalid signature (<c>invalid_signature</c>); nothing was recorded.</response>
    /// <response code="413">The body is over 1 MiB (<c>payload_too_large</c>).</response>
    /// <response code="415">Not <c>application/webhook+json</c> or <c>application/json</c> (<c>unsupported_media_type</c>).</response>
    /// <response code="500">LiveKit is not configured on the server (<c>config_error</c>).</response>
    /// <response code="503">The database is unreachable (<c>service_unavailable</c>); LiveKit retries.</response>
    [HttpPost("webhook")]
    [RequestSizeLimit(MaxBodyBytes + 1)]
    [ProducesResponseType<object>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status415UnsupportedMediaType)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status500InternalServerError)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        if (!verifier.IsConfigured)
        {
            throw new ApiRequestException(ApiError.ConfigError);
        }

        var body = await ReadBodyAsync(cancellationToken).ConfigureAwait(false);

        // The signature first: nothing else is looked at, and nothing touches the database, before it holds.
        var authorization = Request.Headers.Authorization;
        if (authorization.Count != 1 || !await verifier.VerifyAsync(authorization[0], body).ConfigureAwait(false))
        {
            metrics.WebhookRejected(ApiError.InvalidSignature);
            throw new ApiRequestException(ApiError.InvalidSignature);
        }

        if (!ContentTypes.Any(type => Request.ContentType?.Split(';')[0].Trim().Equals(type, StringComparison.OrdinalIgnoreCase) == true))
        {
            throw new ApiRequestException(ApiError.WebhookUnsupportedMediaType);
        }

        var command = LiveKitWebhookReader.Read(body.Span, clock.GetUtcNow()) ?? throw new ApiRequestException(ApiError.InvalidWebhook);
        var outcome = await mediator.Send(command, cancellationToken).ConfigureAwait(false);
        metrics.WebhookEvent(command.Kind, outcome);
        return Ok(new { });
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(CancellationToken cancellationToken)
    {
        if (Request.ContentLength > MaxBodyBytes)
        {
            throw new ApiRequestException(ApiError.WebhookPayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await Request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new ApiRequestException(ApiError.WebhookPayloadTooLarge);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ApiRequestException(ApiError.WebhookPayloadTooLarge);
        }

        return buffer.ToArray();
    }
}
