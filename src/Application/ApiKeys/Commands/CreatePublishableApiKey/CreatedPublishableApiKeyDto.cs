namespace Agentsgt.Application.ApiKeys.Commands.CreatePublishableApiKey;

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
