namespace Agentsgt.Application.ApiKeys.Commands.CreatePublishableApiKey;

/// <summary>
/// Create a publishable key (<c>pk_…</c> only, safe to ship in a web page) for an existing
/// organization: accepted only from <paramref name="AllowedOrigins"/>, and only for
/// <paramref name="AllowedAgentIds"/> (empty: every agent of the organization).
/// </summary>
/// <param name="AllowedOrigins">Exact origins as typed; normalized before they are stored.</param>
/// <param name="AllowedAgentIds">Live agents of the organization.</param>
public sealed record CreatePublishableApiKeyCommand(
    Guid OrganizationId,
    string? Name,
    TimeSpan? ExpiresIn,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<Guid> AllowedAgentIds) : IRequest<CreatedPublishableApiKeyDto>
{
    public const int MaxAllowedOrigins = 20;
    public const int MaxAllowedAgents = 100;
}

/// <summary>A new publishable key: nothing in it is secret.</summary>
public sealed record CreatedPublishableApiKeyDto(
    string PublicKey,
    Guid OrganizationId,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> AllowedOrigins,
    IReadOnlyList<Guid> AllowedAgentIds)
{
    public string Kind => ApiKeyDto.PublishableKind;
}
