namespace Agentsgt.Domain.Entities;

/// <summary>What a key proves and where it may be used.</summary>
public enum ApiKeyKind
{
    /// <summary><c>pk_…:sk_…</c>: a server-side secret; accepted from anywhere.</summary>
    Secret = 0,

    /// <summary>
    /// <c>pk_…</c> only, safe to ship in a web page: accepted only from its allowed browser
    /// origins, for its allowed agents, under stricter rate limits.
    /// </summary>
    Publishable = 1,
}
