namespace Agentsgt.Domain.Entities;

/// <summary>An AI agent that visitors talk to. Soft-deleted agents keep their row.</summary>
public sealed class Agent
{
    public const int MaxNameLength = 200;

    private Agent()
    {
        Name = string.Empty;
    }

    public Agent(Guid id, Guid organizationId, string name, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        OrganizationId = organizationId;
        Name = name.Trim();
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    public void Delete(DateTimeOffset now) => DeletedAt ??= now;
}
