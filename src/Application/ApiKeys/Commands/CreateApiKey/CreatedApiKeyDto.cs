namespace Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

/// <summary>A new key, with its secret: the only time the secret exists outside the caller's hands.</summary>
public sealed record CreatedApiKeyDto(
    string PublicKey,
    string Secret,
    Guid OrganizationId,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string PepperId)
{
    /// <summary>The value a client sends as <c>Authorization: Bearer …</c>.</summary>
    public string ApiKey => $"{PublicKey}:{Secret}";

    /// <summary>Never prints the secret (records print every property by default).</summary>
    public override string ToString() => $"{nameof(CreatedApiKeyDto)} {{ PublicKey = {PublicKey}, Secret = *** }}";
}
