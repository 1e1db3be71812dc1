using Agentsgt.Api.Authentication;
using Agentsgt.Api.Responses;
using AutoMapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Agentsgt.Api.Controllers;

/// <summary>LiveKit voice tokens for talking to an agent.</summary>
[ApiController]
[Route("api/v1/agents/{" + ApiKeyAuthenticationHandler.AgentIdRouteValue + "}/livekit")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName)]
[EnableRateLimiting(RateLimitingSetup.PerApiKeyPolicy)]
[Produces("application/json")]

// Both actions answer every contract error the same way.
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status404NotFound)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status413PayloadTooLarge)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status415UnsupportedMediaType)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status429TooManyRequests)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status500InternalServerError)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable)]
public sealed class VoiceTokensController(IMediator mediator, IMapper mapper, ApiMetrics metrics) : ControllerBase
{
    /// <summary>Get a LiveKit voice token.</summary>
    /// <remarks>
    /// Generates a LiveKit access token (valid for one hour unless <c>ttlSeconds</c> asks for less) that
    /// lets a visitor join a WebRTC room and talk to the agent by voice. Authenticate with
    /// <c>Authorization: Bearer pk_…:sk_…</c> from a server, or with a publishable key,
    /// <c>Authorization: Bearer pk_…</c>, from a web page on one of the key's allowed origins.
    /// A publishable-key caller never chooses its room or identity: <c>roomName</c> and <c>visitorId</c>
    /// are ignored, every answer is a fresh random room and identity plus a <c>resumeToken</c>; sending
    /// that back (same key, same agent, before <c>expiresAt</c>) rejoins that room as that visitor.
    /// </remarks>
    /// <param name="agentId" example="550e8400-e29b-41d4-a716-446655440000">The agent's id (UUID).</param>
    /// <param name="body">All fields optional; omitted values are generated.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    /// <response code="200">The token, the room to join and the LiveKit server URL. Sent with <c>Cache-Control: no-store</c>.</response>
    /// <response code="400">The body is not valid JSON or has a field of the wrong type (<c>invalid_request</c>), or a field breaks its rules (<c>validation_error</c>, with <c>details</c> per field), e.g. a <c>resumeToken</c> that was modified, has expired or was issued to another key or agent.</response>
    /// <response code="401">No or malformed <c>Authorization: Bearer pk_…:sk_…</c> (<c>unauthorized</c>), or the key is unknown, wrong, revoked or expired, or a publishable key is used without one of its allowed origins (<c>invalid_key</c>).</response>
    /// <response code="404">No such agent in your organization, or one a publishable key is not allowed to use (<c>not_found</c>).</response>
    /// <response code="413">The body is over 16 KiB (<c>payload_too_large</c>).</response>
    /// <response code="415">A non-empty body that is not <c>application/json</c> (<c>unsupported_media_type</c>).</response>
    /// <response code="429">Too many requests with this API key (for a publishable key: also from this client address) (<c>rate_limited</c>), or the key's or its organization's concurrent voice sessions are at their cap (<c>session_limit</c>); wait <c>Retry-After</c> seconds.</response>
    /// <response code="500">Voice is not configured on the server (<c>config_error</c>), or the token could not be generated (<c>internal_error</c>).</response>
    /// <response code="503">The service's database is unreachable (<c>service_unavailable</c>); retry after <c>Retry-After</c> seconds.</response>
    [HttpPost("token", Name = "IssueVoiceToken")]
    [TokenEndpoint<IssueVoiceTokenRequest>]
    [JsonRequestBody]
    [ProducesResponseType<VoiceTokenDto>(StatusCodes.Status200OK)]
    public async Task<ActionResult<VoiceTokenDto>> IssueToken([FromRoute(Name = ApiKeyAuthenticationHandler.AgentIdRouteValue)] string agentId, [FromBody] IssueVoiceTokenRequest body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var command = body.ToCommand(HttpContext.GetCaller(), HttpContext.GetRequestedAgent(agentId));
        var issued = await mediator.Send(command, cancellationToken).ConfigureAwait(false);
        metrics.TokenIssued();
        return Ok(mapper.Map<VoiceTokenDto>(issued));
    }

    /// <summary>LiveKit standardized token endpoint (for <c>TokenSource.endpoint</c>).</summary>
    /// <remarks>
    /// The same token as <c>/livekit/token</c>, in the schema LiveKit's client SDKs fetch credentials
    /// with: snake_case request fields (the schema below) and <c>201</c> with <c>server_url</c> and
    /// <c>participant_token</c>. Same authentication, rate limit, rules and error bodies as
    /// <c>/livekit/token</c>; <c>details</c> keys use these snake_case names. <c>room_config</c> may
    /// only ask to dispatch this agent's own LiveKit agent, with job <c>metadata</c> for it.
    /// With a publishable key, <c>room_name</c> and <c>participant_identity</c> are ignored (a fresh
    /// random room and identity) and the answer carries a <c>resume_token</c> to rejoin them.
    /// </remarks>
    /// <param name="agentId">The agent's id (UUID).</param>
    /// <param name="body">All fields optional; omitted values are generated.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("token-source")]
    [TokenEndpoint<TokenSourceRequest>]
    [JsonRequestBody]
    [ProducesResponseType<TokenSourceCredentialsDto>(StatusCodes.Status201Created)]
    public async Task<ActionResult<TokenSourceCredentialsDto>> IssueTokenSourceCredentials([FromRoute(Name = ApiKeyAuthenticationHandler.AgentIdRouteValue)] string agentId, [FromBody] TokenSourceRequest body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var command = body.ToCommand(HttpContext.GetCaller(), HttpContext.GetRequestedAgent(agentId));
        var issued = await mediator.Send(command, cancellationToken).ConfigureAwait(false);
        metrics.TokenIssued();

        // 201 as LiveKit's schema says; nothing is addressable afterwards, so no Location.
        return StatusCode(StatusCodes.Status201Created, mapper.Map<TokenSourceCredentialsDto>(issued));
    }
}
