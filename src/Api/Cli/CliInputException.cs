namespace Agentsgt.Api.Cli;

public sealed class CliInputException : Exception
{
    public CliInputException()
        : base("Invalid input.")
    {
    }

    public CliInputException(string message)
        : base(message)
    {
    }

    public CliInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
