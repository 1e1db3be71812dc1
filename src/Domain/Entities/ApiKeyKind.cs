namespace Agentsgt.Domain.Entities;

public enum ApiKeyKind
{
    Secret = 0,

    Publishable = 1,
}
