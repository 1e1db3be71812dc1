using Agentsgt.Domain.Rules;

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

    /// <summary>
    /// The LiveKit agent (worker) name to dispatch explicitly into this agent's rooms; null routes
    /// by room name only (the worker picks rooms up by their <c>agentsgt-room-</c> prefix).
    /// </summary>
    public string? LiveKitAgentName { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>
    /// An agent id as a path gives it: a canonical UUID (any case), exactly 36 characters, so
    /// surrounding whitespace that <see cref="Guid"/> parsing would forgive is not an id.
    /// </summary>
    public static bool TryParseId(string? text, out Guid id)
    {
        id = default;
        return text is { Length: 36 } && Guid.TryParseExact(text, "D", out id);
    }

    public void Delete(DateTimeOffset now) => DeletedAt ??= now;

    /// <summary>
    /// Sets or (with null) clears the LiveKit agent name. The name comes normalized (the command
    /// trimmed it and made blank null); throws when it breaks the rule, untrimmed or blank included.
    /// </summary>
    public void SetLiveKitAgentName(string? name)
    {
        if (name is not null && !Domain.Rules.LiveKitAgentNameRules.IsValid(name))
        {
            throw new ArgumentException($"LiveKit agent name {Domain.Rules.LiveKitAgentNameRules.Rule}.", nameof(name));
        }

        LiveKitAgentName = name;
    }
}
