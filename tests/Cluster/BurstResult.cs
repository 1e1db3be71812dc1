using System.Text.Json;

namespace Agentsgt.Cluster.Tests;

/// <summary>What a burst of token requests got: the issued bodies, the session_limit refusals, anything else.</summary>
internal sealed record BurstResult(IReadOnlyList<JsonElement> Issued, int Refused, IReadOnlyList<string> Other);
