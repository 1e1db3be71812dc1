using Agentsgt.Domain.ValueObjects;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Commands.AuthenticateApiKey;

/// <summary>
/// Checks a presented key pair and, when it is valid, records the key as used.
/// Returns null for every kind of invalid key (unknown, wrong secret, revoked, expired) alike.
/// </summary>
public sealed record AuthenticateApiKeyCommand(ApiKeyCredentials Credentials) : IRequest<AuthenticatedApiKey?>;

/// <summary>The caller behind a valid key.</summary>
public sealed record AuthenticatedApiKey(Guid ApiKeyId, Guid OrganizationId);
