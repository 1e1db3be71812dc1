namespace Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

public sealed record CreatedApiKeyDto(
    string PublicKey,
    string Secret,
    Guid OrganizationId,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string PepperId)
{
    public string ApiKey => $"{PublicKey}:{Secret}";

    // Records print every property: never the secret.
    public override string ToString() => $"{nameof(CreatedApiKeyDto)} {{ PublicKey = {PublicKey}, Secret = *** }}";
}
