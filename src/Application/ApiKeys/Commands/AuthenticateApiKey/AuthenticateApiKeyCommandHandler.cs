using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Commands.AuthenticateApiKey;

public sealed class AuthenticateApiKeyCommandHandler : IRequestHandler<AuthenticateApiKeyCommand, AuthenticatedApiKey?>
{
    // Compared against when the public key is unknown, so that "unknown key" costs the same
    // hash and comparison as "wrong secret" (no timing oracle).
    private static readonly byte[] UnknownKeyHash = new byte[32];

    private readonly IApiKeyRepository _apiKeys;
    private readonly ISecretHasher _hasher;
    private readonly TimeProvider _clock;

    public AuthenticateApiKeyCommandHandler(IApiKeyRepository apiKeys, ISecretHasher hasher, TimeProvider clock)
    {
        _apiKeys = apiKeys;
        _hasher = hasher;
        _clock = clock;
    }

    public async Task<AuthenticatedApiKey?> Handle(AuthenticateApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var credentials = request.Credentials;

        // Database call 1: the key by its public part (unique index).
        var key = await _apiKeys.FindByPublicKeyAsync(credentials.PublicKey, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();

        if (credentials.IsPublicOnly)
        {
            // "Bearer pk_…" alone is a credential only for a publishable key; for an unknown or a
            // secret key it is as malformed as a missing secret (both answer alike: no oracle).
            if (key is not { Kind: ApiKeyKind.Publishable })
            {
                throw new MalformedCredentialsException();
            }

            // Exact, case-sensitive: browsers send the origin serialized as the key stores it.
            if (!ApiKey.IsActive(key.RevokedAt, key.ExpiresAt, now)
                || request.Origin is null
                || !key.AllowedOrigins.Contains(request.Origin, StringComparer.Ordinal))
            {
                return null;
            }

            await _apiKeys.MarkUsedAsync(key.Id, now, cancellationToken).ConfigureAwait(false);
            return new AuthenticatedApiKey(key.Id, key.OrganizationId)
            {
                Kind = ApiKeyKind.Publishable,
                AllowedAgentIds = key.AllowedAgentIds.Count == 0 ? null : key.AllowedAgentIds,
            };
        }

        var secretMatches = _hasher.Verify(
            credentials.Secret,
            key?.SecretHash ?? UnknownKeyHash,
            key?.PepperId ?? _hasher.CurrentPepperId);

        // A publishable key has no secret: one sent with it is a malformed credential, not a wrong one.
        if (key is { Kind: ApiKeyKind.Publishable })
        {
            throw new MalformedCredentialsException();
        }

        if (key is null || !secretMatches || !ApiKey.IsActive(key.RevokedAt, key.ExpiresAt, now))
        {
            return null;
        }

        // Database call 2: last_used_at, whatever the outcome of the later checks.
        await _apiKeys.MarkUsedAsync(key.Id, now, cancellationToken).ConfigureAwait(false);
        return new AuthenticatedApiKey(key.Id, key.OrganizationId);
    }
}
