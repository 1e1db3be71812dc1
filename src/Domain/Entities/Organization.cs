using Agentsgt.Domain.Rules;

namespace Agentsgt.Domain.Entities;

public sealed class Organization
{
    public const int MaxNameLength = 200;

    private Organization()
    {
        Name = string.Empty;
    }

    public Organization(Guid id, string name, DateTimeOffset createdAt)
    {
        Id = id;
        Name = EntityNameGuard.Require(name, MaxNameLength, optional: false, nameof(name));
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
