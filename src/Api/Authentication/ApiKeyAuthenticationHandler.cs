using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Agentsgt.Api.Errors;
using Agentsgt.Api.Telemetry;
using Agentsgt.Api.RateLimiting;
using Agentsgt.Application.ApiKeys.Commands.AuthenticateApiKey;
using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Agentsgt.Api.Authentication;

/// <summary>
/// <c>Authorization: Bearer pk_…:sk_…</c> (secret key) or <c>Bearer pk_…</c> (publishable key,
/// with the request's <c>Origin</c>). A malformed or missing header, or one whose form does not
/// fit the key it names, answers 401 <c>unauthorized</c>; well-formed credentials that are not a
/// valid key (for a publishable key: also a missing or other origin) answer 401 <c>invalid_key</c>.
/// An address that has used up its budget of failed attempts answers 429 <c>rate_limited</c>
/// before any database call (<see cref="FailedAuthenticationThrottle"/>).
/// The key check itself (and its last_used_at update) is the Application's AuthenticateApiKeyCommand.
/// </summary>
public sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiKey";

    private static readonly object FailureKey = new();
    private static readonly object RetryAfterKey = new();

    private readonly ApiMetrics _metrics;
    private readonly FailedAuthenticationThrottle _throttle;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiMetrics metrics, FailedAuthenticationThrottle throttle)
        : base(options, logger, encoder)
    {
        _metrics = metrics;
        _throttle = throttle;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        ApiKeyCredentials? credentials = null;
        var wellFormed = headers.Count == 1 && ApiKeyCredentials.TryParseBearer(headers[0], out credentials);
        var address = Context.Connection.RemoteIpAddress;

        // Contract check 1 first: a missing or malformed header is a 401 whatever the address's
        // budget, and costs no database call either way.
        if (!wellFormed)
        {
            await _throttle.RecordFailureAsync(address, null).ConfigureAwait(false);
            Context.Items[FailureKey] = ApiError.Unauthorized;
            return AuthenticateResult.NoResult();
        }

        if (await _throttle.IsThrottledAsync(address, credentials).ConfigureAwait(false) is { } retryAfter)
        {
            Context.Items[FailureKey] = ApiError.RateLimited;
            Context.Items[RetryAfterKey] = retryAfter;
            return AuthenticateResult.Fail(ApiError.RateLimited.Message);
        }

        // Only a single Origin header counts; browsers never send two.
        var origins = Request.Headers.Origin;
        var origin = origins.Count == 1 ? origins[0] : null;

        var mediator = Context.RequestServices.GetRequiredService<IMediator>();
        AuthenticatedApiKey? key;
        try
        {
            key = await mediator.Send(new AuthenticateApiKeyCommand(credentials!, origin), Context.RequestAborted).ConfigureAwait(false);
        }
        catch (MalformedCredentialsException)
        {
            await _throttle.RecordFailureAsync(address, credentials).ConfigureAwait(false);
            Context.Items[FailureKey] = ApiError.Unauthorized;
            return AuthenticateResult.NoResult();
        }

        if (key is null)
        {
            await _throttle.RecordFailureAsync(address, credentials).ConfigureAwait(false);
            Context.Items[FailureKey] = ApiError.InvalidKey;
            return AuthenticateResult.Fail(ApiError.InvalidKey.Message);
        }

        _throttle.RecordSuccess(credentials!);
        List<Claim> claims =
        [
            new Claim(ApiKeyClaims.ApiKeyId, key.ApiKeyId.ToString("D")),
            new Claim(ApiKeyClaims.OrganizationId, key.OrganizationId.ToString("D")),
        ];
        if (key.Kind == ApiKeyKind.Publishable)
        {
            claims.Add(new Claim(ApiKeyClaims.Publishable, "true"));
            claims.AddRange((key.AllowedAgentIds ?? []).Select(id => new Claim(ApiKeyClaims.AllowedAgentId, id.ToString("D"))));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var error = Context.Items.TryGetValue(FailureKey, out var failure) && failure is ApiError known ? known : ApiError.Unauthorized;
        _metrics.AuthenticationFailed(error);
        if (Context.Items.TryGetValue(RetryAfterKey, out var wait) && wait is TimeSpan retryAfter)
        {
            Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return ApiErrorWriter.WriteAsync(Context, error);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrorWriter.WriteAsync(Context, ApiError.InvalidKey);
}
