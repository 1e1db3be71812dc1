namespace Agentsgt.Infrastructure.Configuration;

/// <summary>An options class that names every problem with its own values, one operator-worded message each.</summary>
public interface IValidatedOptions
{
    IEnumerable<string> Problems();
}
