namespace Agentsgt.Application.Common.Interfaces;

/// <summary>How usage is grouped.</summary>
public enum SessionUsageGrouping
{
    Agent,
    Key,
    Day,
}
