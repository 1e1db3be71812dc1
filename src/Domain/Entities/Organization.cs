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

    /// <summary>Open sessions all its keys together may hold; null falls back to the configured default.</summary>
    public int? MaxConcurrentSessions { get; private set; }

    /// <summary>Session length for its keys that set none; null falls back to the configured default.</summary>
    public int? MaxSessionSeconds { get; private set; }

    /// <summary>Sets (at least 1) or, with null, clears the concurrency cap.</summary>
    public void SetMaxConcurrentSessions(int? cap) => MaxConcurrentSessions = SessionCaps.RequireCap(cap, nameof(cap));

    /// <summary>Sets (at least 1) or, with null, clears the session length cap.</summary>
    public void SetMaxSessionSeconds(int? seconds) => MaxSessionSeconds = SessionCaps.RequireCap(seconds, nameof(seconds));
}
