namespace Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

/// <summary>
/// Create an API key for an existing organization. The secret is in the result only: it is
/// stored as a keyed hash and can never be read back.
/// </summary>
public sealed record CreateApiKeyCommand : IRequest<CreatedApiKeyDto>
{
    /// <summary>Longest lifetime a key may be given (about ten years).</summary>
    public const int MaxExpiresInDays = 3650;

    /// <param name="organizationId">The organization that owns the key.</param>
    /// <param name="name">Optional label for operators. Null means no name.</param>
    /// <param name="expiresIn">Optional lifetime from now; null means the key does not expire.</param>
    public CreateApiKeyCommand(Guid organizationId, string? name, TimeSpan? expiresIn)
    {
        OrganizationId = organizationId;
        Name = TextRules.Trim(name);
        ExpiresIn = expiresIn;
    }

    public Guid OrganizationId { get; }

    /// <summary>Optional label for operators, trimmed here (the one place); null means no name.</summary>
    public string? Name { get; }

    /// <summary>Optional lifetime from now; null means the key does not expire.</summary>
    public TimeSpan? ExpiresIn { get; }
}
