using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;

namespace Agentsgt.Api.Authentication;

/// <summary>
/// The token endpoints' key check as ASP.NET Core's authentication step, so it answers before the
/// rate limiter and the body. The check itself is <see cref="IApiKeyAuthenticator"/>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiMetrics metrics,
    FailedAuthenticationThrottle throttle,
    IApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string AgentIdRouteValue = "agentId";

    // ASP.NET Core makes one handler per request, so the failure is this request's, kept here for the challenge.
    private ApiError _failure = ApiError.Unauthorized;
    private TimeSpan? _retryAfter;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        ApiKeyCredentials? credentials = null;
        var wellFormed = headers.Count == 1 && ApiKeyCredentials.TryParseBearer(headers[0], out credentials);
        var address = Context.Connection.RemoteIpAddress;

        // A missing or malformed header is a 401 whatever the address's budget, with no database call.
        if (!wellFormed)
        {
            await throttle.RecordFailureAsync(address).ConfigureAwait(false);
            return AuthenticateResult.NoResult();
        }

        // One failure is reserved before the lookup, so concurrent guesses cannot outrun the budget.
        if (await throttle.ReserveAsync(address, credentials!, Context.RequestAborted).ConfigureAwait(false) is not { } reservation)
        {
            _failure = ApiError.RateLimited;
            _retryAfter = throttle.RetryAfter;
            return AuthenticateResult.Fail(ApiError.RateLimited.Message);
        }

        // Only a single Origin header counts; browsers never send two.
        var origins = Request.Headers.Origin;
        var origin = origins.Count == 1 ? origins[0] : null;

        ApiKeyAuthentication outcome;
        try
        {
            outcome = await authenticator.AuthenticateAsync(credentials!, origin, Request.RouteValues[AgentIdRouteValue] as string, Context.RequestAborted).ConfigureAwait(false);
        }
        catch
        {
            // Not a failed authentication (e.g. the database is down: 503): give the failure back.
            await throttle.RefundAsync(reservation).ConfigureAwait(false);
            throw;
        }

        if (outcome is not { Result: ApiKeyCheck.Ok, Caller: { } caller, Agent: { } agent })
        {
            await throttle.RecordFailureAsync(reservation, credentials!).ConfigureAwait(false);
            _failure = outcome.Result == ApiKeyCheck.Malformed ? ApiError.Unauthorized : ApiError.InvalidKey;
            return outcome.Result == ApiKeyCheck.Malformed ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(ApiError.InvalidKey.Message);
        }

        await throttle.RecordSuccessAsync(reservation, credentials!).ConfigureAwait(false);
        Context.Features.Set(caller);
        Context.Features.Set(agent);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        metrics.AuthenticationFailed(_failure);
        return ApiErrorWriter.WriteAsync(Context, _failure, retryAfter: _retryAfter);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrorWriter.WriteAsync(Context, ApiError.InvalidKey);
}
