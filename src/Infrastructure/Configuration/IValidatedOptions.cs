namespace Agentsgt.Infrastructure.Configuration;

public interface IValidatedOptions
{
    IEnumerable<string> Problems();
}
