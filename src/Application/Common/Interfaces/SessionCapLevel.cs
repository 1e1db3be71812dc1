namespace Agentsgt.Application.Common.Interfaces;

/// <summary>Where a concurrency cap is set.</summary>
public enum SessionCapLevel
{
    Key,
    Organization,
}
