namespace Agentsgt.Api.Cli;

/// <summary>Exit codes of every management command; scripts rely on them.</summary>
public static class CliExitCodes
{
    public const int Success = 0;

    /// <summary>Infrastructure failure: database unreachable, missing schema, unexpected error. Retrying may help.</summary>
    public const int Failure = 1;

    /// <summary>Bad input or configuration: unknown command or option, malformed value, unknown id. Retrying will not help.</summary>
    public const int BadInput = 2;
}
