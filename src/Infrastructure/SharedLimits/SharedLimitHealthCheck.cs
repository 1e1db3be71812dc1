using Agentsgt.Infrastructure.Health;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>While Redis is away each instance answers every request, with its share of the limits.</summary>
public sealed class SharedLimitHealthCheck(SharedLimitStore store) : OptionalDependencyHealthCheck(
    "shared", () => store.IsShared, "Rate limits shared on Redis.", () => "Redis unreachable: each instance keeps its share of the rate limits.");
