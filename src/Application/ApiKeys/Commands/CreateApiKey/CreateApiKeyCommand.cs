namespace Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

public sealed record CreateApiKeyCommand : IRequest<CreatedApiKeyDto>
{
    public const int MaxExpiresInDays = 3650;

    public CreateApiKeyCommand(Guid organizationId, string? name, TimeSpan? expiresIn)
    {
        OrganizationId = organizationId;
        Name = TextRules.Trim(name);
        ExpiresIn = expiresIn;
    }

    public Guid OrganizationId { get; }

    public string? Name { get; }

    public TimeSpan? ExpiresIn { get; }
}
