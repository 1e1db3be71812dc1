namespace Agentsgt.Application.Common.Interfaces;

/// <summary>What <see cref="IApiKeyRepository.FindKeyAndAgentAsync"/> read: the key, and the agent in its organization.</summary>
public sealed record KeyAndAgent(ApiKey? Key, ActiveAgent? Agent)
{
    /// <summary>The key's and its organization's own session caps.</summary>
    public StoredSessionCaps Caps { get; init; } = StoredSessionCaps.None;
}
