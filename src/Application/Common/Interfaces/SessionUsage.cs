namespace Agentsgt.Application.Common.Interfaces;

/// <summary>One usage group: its key (agent id, key id or UTC day), sessions joined and their rounded seconds.</summary>
public sealed record SessionUsage(string Key, long Sessions, long Seconds);
