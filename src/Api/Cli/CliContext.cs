namespace Agentsgt.Api.Cli;

// Services are built only when a command runs, so help and parse errors need no configuration and no database.
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
