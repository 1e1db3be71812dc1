using Agentsgt.Api.Authentication;
using Agentsgt.Application.Sessions.Queries.GetUsage;
using Agentsgt.Application.Sessions.Queries.ListSessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Agentsgt.Api.Controllers;

/// <summary>Voice sessions and their usage, for your organization (secret keys only).</summary>
[ApiController]
[Route("api/v1")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName)]
[EnableRateLimiting(RateLimitingSetup.PerApiKeyPolicy)]
[SecretKeyRequired]
[Produces("application/json")]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status403Forbidden)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status429TooManyRequests)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status500InternalServerError)]
[ProducesResponseType<ApiErrorBody>(StatusCodes.Status503ServiceUnavailable)]
public sealed class UsageController(IMediator mediator) : ControllerBase
{
    /// <summary>List voice sessions.</summary>
    /// <remarks>
    /// Your organization's sessions (one per token issued: one visitor's stay in one room), newest
    /// first by <c>issuedAt</c>. Authenticate with a secret key pair, <c>Authorization: Bearer pk_…:sk_…</c>.
    /// Page with <c>nextCursor</c>: pass it back as <c>cursor</c> with the same filters until it is null.
    /// A token issued moments ago may take up to a second to appear.
    /// </remarks>
    /// <param name="agentId" example="550e8400-e29b-41d4-a716-446655440000">Only this agent's sessions (another organization's agent matches nothing).</param>
    /// <param name="from" example="2026-12-01T00:00:00Z">Only sessions issued at or after this time (RFC 3339).</param>
    /// <param name="to" example="2026-12-08T00:00:00Z">Only sessions issued before this time (RFC 3339).</param>
    /// <param name="limit" example="50">Page size, 1–100; default 50.</param>
    /// <param name="cursor">The previous page's <c>nextCursor</c>.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    /// <response code="200">One page of sessions. Sent with <c>Cache-Control: no-store</c>.</response>
    /// <response code="400">A query value breaks its rules (<c>validation_error</c>, with <c>details</c> per query parameter), e.g. a cursor that was modified or belongs to other filters.</response>
    /// <response code="401">No or malformed <c>Authorization: Bearer pk_…:sk_…</c> (<c>unauthorized</c>), or the key is unknown, wrong, revoked or expired (<c>invalid_key</c>).</response>
    /// <response code="403">A publishable key (<c>forbidden</c>): usage is for your servers only.</response>
    /// <response code="429">Too many requests with this API key (<c>rate_limited</c>); wait <c>Retry-After</c> seconds.</response>
    /// <response code="500">An unexpected failure (<c>internal_error</c>).</response>
    /// <response code="503">The service's database is unreachable (<c>service_unavailable</c>); retry after <c>Retry-After</c> seconds.</response>
    [HttpGet("sessions", Name = "ListSessions")]
    [ProducesResponseType<SessionListDto>(StatusCodes.Status200OK)]
    public async Task<ActionResult<SessionListDto>> ListSessions(
        [FromQuery] string? agentId,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken)
    {
        var query = new ListSessionsQuery(HttpContext.GetCaller().OrganizationId) { AgentId = agentId, From = from, To = to, Limit = limit, Cursor = cursor };
        return Ok(await mediator.Send(query, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Get usage: sessions and seconds.</summary>
    /// <remarks>
    /// Sessions joined in [<c>from</c>, <c>to</c>) and their seconds (each rounded up; an open session
    /// counts up to now), grouped by agent, key or UTC day, and in total. Authenticate with a secret
    /// key pair, <c>Authorization: Bearer pk_…:sk_…</c>.
    /// </remarks>
    /// <param name="from" example="2026-12-01T00:00:00Z">Start of the range, inclusive (RFC 3339); default 30 days before <c>to</c>.</param>
    /// <param name="to" example="2026-12-08T00:00:00Z">End of the range, exclusive (RFC 3339); default now.</param>
    /// <param name="groupBy" example="agent"><c>agent</c> (agent id), <c>key</c> (public key) or <c>day</c> (UTC day of the join, <c>YYYY-MM-DD</c>); default <c>day</c>.</param>
    /// <param name="cancellationToken">Aborted when the client goes away.</param>
    /// <response code="200">Usage per group and in total. Sent with <c>Cache-Control: no-store</c>.</response>
    /// <response code="400">A query value breaks its rules (<c>validation_error</c>, with <c>details</c> per query parameter).</response>
    /// <response code="401">No or malformed <c>Authorization: Bearer pk_…:sk_…</c> (<c>unauthorized</c>), or the key is unknown, wrong, revoked or expired (<c>invalid_key</c>).</response>
    /// <response code="403">A publishable key (<c>forbidden</c>): usage is for your servers only.</response>
    /// <response code="429">Too many requests with this API key (<c>rate_limited</c>); wait <c>Retry-After</c> seconds.</response>
    /// <response code="500">An unexpected failure (<c>internal_error</c>).</response>
    /// <response code="503">The service's database is unreachable (<c>service_unavailable</c>); retry after <c>Retry-After</c> seconds.</response>
    [HttpGet("usage", Name = "GetUsage")]
    [ProducesResponseType<UsageDto>(StatusCodes.Status200OK)]
    public async Task<ActionResult<UsageDto>> GetUsage(
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? groupBy,
        CancellationToken cancellationToken)
    {
        var query = new GetUsageQuery(HttpContext.GetCaller().OrganizationId) { From = from, To = to, GroupBy = groupBy };
        return Ok(await mediator.Send(query, cancellationToken).ConfigureAwait(false));
    }
}
