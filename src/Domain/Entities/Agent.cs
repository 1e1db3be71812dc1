namespace Agentsgt.Domain.Entities;

// Deleting is soft: the row stays, and the token endpoint answers 404 for it.
public sealed class Agent
{
    public const int MaxNameLength = 200;

    private Agent()
    {
        Name = string.Empty;
    }

    public Agent(Guid id, Guid organizationId, string name, DateTimeOffset createdAt)
    {
        Id = id;
        OrganizationId = organizationId;
        Name = EntityNameGuard.Require(name, MaxNameLength, optional: false, nameof(name));
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public string? LiveKitAgentName { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    // Exactly 36 characters: whitespace that Guid parsing would forgive is not an id.
    public static bool TryParseId(string? text, out Guid id)
    {
        id = default;
        return text is { Length: 36 } && Guid.TryParseExact(text, "D", out id);
    }

    public void Delete(DateTimeOffset now) => DeletedAt ??= now;

    public void SetLiveKitAgentName(string? name)
    {
        if (name is not null && !Domain.Rules.LiveKitAgentNameRules.IsValid(name))
        {
            throw new ArgumentException($"LiveKit agent name {Domain.Rules.LiveKitAgentNameRules.Rule}.", nameof(name));
        }

        LiveKitAgentName = name;
    }
}
