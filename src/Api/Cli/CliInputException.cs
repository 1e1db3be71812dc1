namespace Agentsgt.Api.Cli;

/// <summary>The operator's input or configuration is wrong (exit code 2). The message is shown as is.</summary>
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
