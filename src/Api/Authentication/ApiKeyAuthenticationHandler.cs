using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Agentsgt.Api.Errors;
using Agentsgt.Api.Telemetry;
using Agentsgt.Api.RateLimiting;
using Agentsgt.Application.ApiKeys.Commands.AuthenticateApiKey;
using Agentsgt.Domain.ValueObjects;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Agentsgt.Api.Authentication;

/// <summary>
/// <c>Authorization: Bearer pk_…:sk_…</c>. A malformed or missing header answers 401
/// <c>unauthorized</c>; a well-formed pair that is not a valid key answers 401 <c>invalid_key</c>.
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
        var wellFormed = headers.Count == 1 && ApiKeyCredentials.TryParseAuthorizationHeader(headers[0], out credentials);
        var address = Context.Connection.RemoteIpAddress;

        if (_throttle.IsThrottled(address, credentials, out var retryAfter))
        {
            Context.Items[FailureKey] = ApiError.RateLimited;
            Context.Items[RetryAfterKey] = retryAfter;
            return AuthenticateResult.Fail(ApiError.RateLimited.Message);
        }

        if (!wellFormed)
        {
            _throttle.RecordFailure(address, null);
            Context.Items[FailureKey] = ApiError.Unauthorized;
            return AuthenticateResult.NoResult();
        }

        var mediator = Context.RequestServices.GetRequiredService<IMediator>();
        var key = await mediator.Send(new AuthenticateApiKeyCommand(credentials!), Context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            _throttle.RecordFailure(address, credentials);
            Context.Items[FailureKey] = ApiError.InvalidKey;
            return AuthenticateResult.Fail(ApiError.InvalidKey.Message);
        }

        _throttle.RecordSuccess(credentials!);
        var identity = new ClaimsIdentity(
            [
                new Claim(ApiKeyClaims.ApiKeyId, key.ApiKeyId.ToString("D")),
                new Claim(ApiKeyClaims.OrganizationId, key.OrganizationId.ToString("D")),
            ],
            SchemeName);
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
