namespace Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

/// <summary>
/// Create an API key for an existing organization. The secret is in the result only: it is
/// stored as a keyed hash and can never be read back.
/// </summary>
/// <param name="Name">Optional label for operators; trimmed. Null means no name.</param>
/// <param name="ExpiresIn">Optional lifetime from now; null means the key does not expire.</param>
public sealed record CreateApiKeyCommand(Guid OrganizationId, string? Name, TimeSpan? ExpiresIn) : IRequest<CreatedApiKeyDto>
{
    /// <summary>Longest lifetime a key may be given (about ten years).</summary>
    public const int MaxExpiresInDays = 3650;
}
