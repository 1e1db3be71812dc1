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
    /// Generates a LiveKit access token (valid for one hour) that lets a visitor join a WebRTC room
    /// and talk to the agent by voice. Authenticate with <c>Authorization: Bearer pk_…:sk_…</c>.
    /// </remarks>
    /// <param name="agentId">The agent's id (UUID).</param>
    /// <param name="body">All fields optional; omitted values are generated.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    [HttpPost("token")]
    [JsonRequestBody]
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
        var command = new IssueVoiceTokenCommand(agentId, User.GetOrganizationId(), body.RoomName, body.VisitorId, body.VisitorName);
        return Ok(await _mediator.Send(command, cancellationToken).ConfigureAwait(false));
    }
}
