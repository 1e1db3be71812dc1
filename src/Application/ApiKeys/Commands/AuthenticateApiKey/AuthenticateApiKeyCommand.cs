using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Commands.AuthenticateApiKey;

/// <summary>
/// Checks presented credentials and, when they are valid, records the key as used.
/// Returns null for every kind of invalid key (unknown, wrong secret, revoked, expired; for a
/// publishable key also a missing or other <paramref name="Origin"/>) alike. Throws
/// <see cref="Common.Exceptions.MalformedCredentialsException"/> when the credentials' form does
/// not fit the key: a public part alone that names no publishable key, or a publishable key with a secret.
/// </summary>
/// <param name="Origin">The request's <c>Origin</c> header, when it had exactly one.</param>
public sealed record AuthenticateApiKeyCommand(ApiKeyCredentials Credentials, string? Origin = null) : IRequest<AuthenticatedApiKey?>;

/// <summary>The caller behind a valid key.</summary>
public sealed record AuthenticatedApiKey(Guid ApiKeyId, Guid OrganizationId)
{
    public ApiKeyKind Kind { get; init; } = ApiKeyKind.Secret;

    /// <summary>The agents this key may get tokens for; null means every agent of the organization.</summary>
    public IReadOnlyList<Guid>? AllowedAgentIds { get; init; }
}
