namespace Agentsgt.Application.Common.Interfaces;

/// <summary>What <see cref="IApiKeyRepository.FindKeyAndAgentAsync"/> read: the key, and the agent in its organization.</summary>
public sealed record KeyAndAgent(ApiKey? Key, ActiveAgent? Agent);
