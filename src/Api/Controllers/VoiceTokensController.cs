using Agentsgt.Api.Authentication;
using Agentsgt.Api.Errors;
using Agentsgt.Api.RateLimiting;
using Agentsgt.Api.Requests;
using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Agentsgt.Api.Controllers;

/// <summary>LiveKit voice tokens for talking to an agent.</summary>
[ApiController]
[Route("api/v1/agents/{agentId}/livekit")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName)]
[EnableRateLimiting(RateLimitingSetup.PerApiKeyPolicy)]
[Produces("application/json")]
public sealed class VoiceTokensController : ControllerBase
{
    private readonly IMediator _mediator;

    public VoiceTokensController(IMediator mediator)
    {
        _mediator = mediator;
    }

    /// <summary>Get a LiveKit voice token.</summary>
    /// <remarks>
    /// Generates a LiveKit access token (valid for one hour unless <c>ttlSeconds</c> asks for less) that
    /// lets a visitor join a WebRTC room and talk to the agent by voice. Authenticate with
    /// <c>Authorization: Bearer pk_…:sk_…</c>.
    /// </remarks>
    /// <param name="agentId">The agent's id (UUID).</param>
    /// <param name="body">All fields optional; omitted values are generated.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("token")]
    [ProducesResponseType<VoiceTokenDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status415UnsupportedMediaType)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status500InternalServerError)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<VoiceTokenDto>> IssueToken(string agentId, [FromBody] IssueVoiceTokenRequest body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Ok(await _mediator.Send(body.ToCommand(agentId, User.GetOrganizationId()), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>LiveKit standardized token endpoint (for <c>TokenSource.endpoint</c>).</summary>
    /// <remarks>
    /// The same token as <c>/livekit/token</c>, in the schema LiveKit's client SDKs fetch credentials
    /// with: snake_case request fields (<c>room_name</c>, <c>participant_identity</c>,
    /// <c>participant_name</c>, <c>participant_metadata</c>, <c>participant_attributes</c>,
    /// <c>room_config</c>, plus <c>ttl_seconds</c>) and <c>201</c> with <c>server_url</c> and
    /// <c>participant_token</c>. Same authentication, rate limit, rules and error bodies as
    /// <c>/livekit/token</c>; <c>details</c> keys use these snake_case names. <c>room_config</c> may
    /// only ask to dispatch this agent's own LiveKit agent.
    /// </remarks>
    /// <param name="agentId">The agent's id (UUID).</param>
    /// <param name="body">All fields optional; omitted values are generated.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("token-source")]
    [Consumes("application/json")]
    [ProducesResponseType<TokenSourceCredentialsDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status413PayloadTooLarge)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status415UnsupportedMediaType)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status429TooManyRequests)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status500InternalServerError)]
    [ProducesResponseType<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<TokenSourceCredentialsDto>> IssueTokenSourceCredentials(string agentId, [FromBody] TokenSourceRequest body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var credentials = await _mediator.Send(body.ToCommand(agentId, User.GetOrganizationId()), cancellationToken).ConfigureAwait(false);

        // 201 as LiveKit's schema says; nothing is addressable afterwards, so no Location.
        return StatusCode(StatusCodes.Status201Created, credentials);
    }
}
