using System.Security.Claims;
using System.Text.Encodings.Web;
using Agentsgt.Api.Errors;
using Agentsgt.Api.Telemetry;
using Agentsgt.Application.ApiKeys.Commands.AuthenticateApiKey;
using Agentsgt.Domain.ValueObjects;
using MediatR;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Agentsgt.Api.Authentication;

/// <summary>
/// <c>Authorization: Bearer pk_…:sk_…</c>. A malformed or missing header answers 401
/// <c>unauthorized</c>; a well-formed pair that is not a valid key answers 401 <c>invalid_key</c>.
/// The key check itself (and its last_used_at update) is the Application's AuthenticateApiKeyCommand.
/// </summary>
public sealed class ApiKeyAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    public const string SchemeName = "ApiKey";

    private static readonly object FailureKey = new();

    private readonly ApiMetrics _metrics;

    public ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiMetrics metrics)
        : base(options, logger, encoder)
    {
        _metrics = metrics;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count != 1 || !ApiKeyCredentials.TryParseAuthorizationHeader(headers[0], out var credentials))
        {
            Context.Items[FailureKey] = ApiError.Unauthorized;
            return AuthenticateResult.NoResult();
        }

        var mediator = Context.RequestServices.GetRequiredService<IMediator>();
        var key = await mediator.Send(new AuthenticateApiKeyCommand(credentials), Context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            Context.Items[FailureKey] = ApiError.InvalidKey;
            return AuthenticateResult.Fail(ApiError.InvalidKey.Message);
        }

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
        return ApiErrorWriter.WriteAsync(Context, error);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrorWriter.WriteAsync(Context, ApiError.InvalidKey);
}
