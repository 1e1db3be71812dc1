namespace Agentsgt.Api.Cli;

public static class CliExitCodes
{
    public const int Success = 0;

    public const int Failure = 1;

    public const int BadInput = 2;
}
