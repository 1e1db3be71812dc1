using System.CommandLine;

namespace Agentsgt.Api.Cli;

/// <summary>
/// Shared by the commands of one invocation: the output writers, the <c>--json</c> option, and
/// how a command gets its services. Services are built only when a command runs, so help and
/// parse errors need no configuration and no database.
/// </summary>
internal sealed class CliContext(CliHostSettings host, TextWriter output, TextWriter error)
{
    public CliHostSettings Host { get; } = host;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Write the result as one JSON document on stdout (for scripts).",
        Recursive = true,
    };

    /// <summary>A command action: builds the services, opens a scope, runs, and answers exit code 0.
    /// Failures are exceptions, turned into exit codes in one place (<see cref="CliApp"/>).</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<ParseResult, CliSession, CancellationToken, Task> run) =>
        async (parse, cancellationToken) =>
        {
            var services = CliServices.Build(Host);
            await using (services.ConfigureAwait(false))
            {
                var scope = services.Provider.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    var session = new CliSession(scope.ServiceProvider, Output, Error, parse.GetValue(JsonOption));
                    await run(parse, session, cancellationToken).ConfigureAwait(false);
                    return CliExitCodes.Success;
                }
            }
        };
}
