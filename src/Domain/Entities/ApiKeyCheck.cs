namespace Agentsgt.Domain.Entities;

/// <summary>What <see cref="ApiKey.Check"/> decides.</summary>
public enum ApiKeyCheck
{
    /// <summary>The credentials' form does not fit the key (401 <c>unauthorized</c>).</summary>
    Malformed,

    /// <summary>Not a valid key for these credentials (401 <c>invalid_key</c>).</summary>
    Invalid,

    /// <summary>Authenticated.</summary>
    Ok,
}
