namespace Agentsgt.Application.ApiKeys.Commands.CreatePublishableApiKey;

/// <summary>
/// Create a publishable key (<c>pk_…</c> only, safe to ship in a web page) for an existing
/// organization: accepted only from its allowed origins, and only for its allowed agents (empty:
/// every agent of the organization). The name is trimmed and the origins normalized here, once.
/// </summary>
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

    /// <summary>Optional label for operators, trimmed; null means no name.</summary>
    public string? Name { get; }

    /// <summary>Optional lifetime from now; null means the key does not expire.</summary>
    public TimeSpan? ExpiresIn { get; }

    /// <summary>Exact origins as typed (what error messages name).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; }

    /// <summary>The <see cref="AllowedOrigins"/> that are origins, normalized (<see cref="WebOriginRules.TryNormalize"/>), in order.</summary>
    public IReadOnlyList<string> NormalizedOrigins { get; }

    /// <summary>The <see cref="AllowedOrigins"/> that are not origins, as typed; the validator refuses each.</summary>
    public IReadOnlyList<string?> InvalidOrigins { get; }

    /// <summary>Live agents of the organization.</summary>
    public IReadOnlyList<Guid> AllowedAgentIds { get; }
}
