namespace Agentsgt.Domain.Entities;

public enum ApiKeyCheck
{
    Malformed,

    Invalid,

    Ok,
}
