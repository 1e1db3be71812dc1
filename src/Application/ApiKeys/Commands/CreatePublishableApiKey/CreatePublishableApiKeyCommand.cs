namespace Agentsgt.Application.ApiKeys.Commands.CreatePublishableApiKey;

public sealed record CreatePublishableApiKeyCommand : IRequest<CreatedPublishableApiKeyDto>
{
    public const int MaxAllowedOrigins = 20;
    public const int MaxAllowedAgents = 100;

    public CreatePublishableApiKeyCommand(
        Guid organizationId,
        string? name,
        TimeSpan? expiresIn,
        IReadOnlyList<string> allowedOrigins,
        IReadOnlyList<Guid> allowedAgentIds)
    {
        OrganizationId = organizationId;
        Name = TextRules.Trim(name);
        ExpiresIn = expiresIn;
        AllowedOrigins = allowedOrigins;
        AllowedAgentIds = allowedAgentIds;

        // Each origin is normalized once, here: the validator names those that are not origins (as
        // typed), the handler stores the normalized ones (in the form browsers send).
        var normalizedOrigins = new List<string>();
        var invalidOrigins = new List<string?>();
        foreach (var origin in allowedOrigins ?? [])
        {
            if (WebOriginRules.TryNormalize(origin, out var normalized))
            {
                normalizedOrigins.Add(normalized);
            }
            else
            {
                invalidOrigins.Add(origin);
            }
        }

        NormalizedOrigins = normalizedOrigins;
        InvalidOrigins = invalidOrigins;
    }

    public Guid OrganizationId { get; }

    public string? Name { get; }

    public TimeSpan? ExpiresIn { get; }

    public IReadOnlyList<string> AllowedOrigins { get; }

    public IReadOnlyList<string> NormalizedOrigins { get; }

    public IReadOnlyList<string?> InvalidOrigins { get; }

    public IReadOnlyList<Guid> AllowedAgentIds { get; }
}
