namespace Agentsgt.Api.Cli;

/// <summary>
/// The process entry of the management commands, in the same executable as the API:
/// <c>dotnet run --project src/Api -- keys create …</c> or <c>dotnet Agentsgt.Api.dll keys create …</c>.
/// The work is done by <see cref="CliApp"/>.
/// </summary>
public static class CliRunner
{
    /// <summary>
    /// True when the arguments name a command (or ask for help); anything else, such as
    /// <c>--urls …</c>, is for the web host.
    /// </summary>
    public static bool IsCliCommand(string[] args) =>
        args is { Length: > 0 }
        && (args[0] is "--help" or "-h" or "-?"
            || (!args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal)));

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await CliApp.RunAsync(args, CliHostSettings.FromProcess(), Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
