using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Data.Common;
using Agentsgt.Api.Cli.Commands;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Api.Cli;

public static class CliApp
{
    // No response files: "@name" is a value like any other, never a file to read arguments from.
    private static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null };

    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        CliHostSettings host,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var root = BuildRootCommand(new CliContext(host, output, error));
        var parse = root.Parse(HelpWordToOption(args), Parser);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            return await FailAsync(error, CliExitCodes.BadInput, $"{DescribeParseError(parse)} Run '{CommandPath(parse)} --help' for usage.").ConfigureAwait(false);
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,

            // The caller owns cancellation (the process entry wires Ctrl-C).
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (exitCode, message) = Classify(ex);
            return await FailAsync(error, exitCode, message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return await FailAsync(error, CliExitCodes.Failure, "cancelled.").ConfigureAwait(false);
        }
    }

    internal static RootCommand BuildRootCommand(CliContext cli)
    {
        var root = new RootCommand(
            "AgentsGT voice-token service. Without a command it runs the web API; with one it runs a management command "
            + "against the database in ConnectionStrings__Agentsgt and exits 0 on success, 2 on bad input or configuration, "
            + "1 on an infrastructure failure (e.g. database unreachable).")
        {
            DbCommands.Create(cli),
            OrgsCommands.Create(cli),
            AgentsCommands.Create(cli),
            KeysCommands.Create(cli),
            SessionsCommands.Create(cli),
            UsageCommands.Create(cli),
            DemoCommands.Create(cli),
        };
        root.Options.Add(cli.JsonOption);

        // Only --help: no --version or [directives] that would look like commands.
        foreach (var option in root.Options.Where(o => o is VersionOption).ToList())
        {
            root.Options.Remove(option);
        }

        root.Directives.Clear();
        return root;
    }

    internal static (int ExitCode, string Message) Classify(Exception exception) => exception switch
    {
        CliInputException input => (CliExitCodes.BadInput, input.Message),
        ValidationException validation => (CliExitCodes.BadInput, string.Join("; ", validation.Errors.SelectMany(e => e.Value.Select(m => WithSubject(e.Key, m)))) + "."),
        NotFoundException notFound => (CliExitCodes.BadInput, notFound.Message + "."),
        OptionsValidationException options => (CliExitCodes.BadInput, ValidatedOptions.Describe(options)),
        _ when DatabaseErrors.IsUnavailable(exception) =>
            (CliExitCodes.Failure, "the database is unreachable: check ConnectionStrings__Agentsgt and that PostgreSQL is running."),
        _ when DatabaseErrors.Find(exception) is { } db => (CliExitCodes.Failure, DescribeDatabaseError(db)),
        DbUpdateException => (CliExitCodes.Failure, "the database refused the change."),
        _ => (CliExitCodes.Failure, $"unexpected failure ({exception.GetType().Name}): {exception.Message}"),
    };

    // Messages written for an HTTP field ("must be …") name no subject: the field's name is it.
    private static string WithSubject(string field, string message) =>
        message.StartsWith("must ", StringComparison.Ordinal) || message.StartsWith("is ", StringComparison.Ordinal)
            ? JsonNamingPolicy.CamelCase.ConvertName(field) + " " + message
            : message;

    private static string DescribeDatabaseError(DbException db) => db.SqlState switch
    {
        "42P01" => "the database has no schema (or an old one): run 'db migrate' first.",
        "3D000" => "the database named in ConnectionStrings__Agentsgt does not exist.",
        "28000" or "28P01" => "could not log in to the database: check the user and password in ConnectionStrings__Agentsgt.",
        _ => $"database error {db.SqlState}: {db.Message}",
    };

    private static string DescribeParseError(ParseResult parse)
    {
        var valueError = parse.Errors.FirstOrDefault(e => e.SymbolResult is ArgumentResult or OptionResult);
        if (valueError is not null)
        {
            return valueError.Message;
        }

        var command = parse.CommandResult.Command;
        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            return token.StartsWith('-') ? $"unknown option {CliText.Quote(token)}."
                : command.Subcommands.Count > 0 ? $"unknown command {CliText.Quote(token)}."
                : $"unexpected argument {CliText.Quote(token)}.";
        }

        return command.Subcommands.Count > 0 && command.Action is null
            ? $"'{CommandPath(parse)}' needs a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}."
            : parse.Errors[0].Message;
    }

    private static string[] HelpWordToOption(IReadOnlyList<string> args) =>
        args.Count > 0 && args[0] == "help" ? [.. args.Skip(1), "--help"] : [.. args];

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names.Count == 0 ? parse.RootCommandResult.Command.Name : string.Join(' ', names);
    }

    private static async Task<int> FailAsync(TextWriter error, int exitCode, string message)
    {
        // One line whatever the message holds (input echoed back may contain line breaks).
        await error.WriteLineAsync("error: " + CliText.Printable(message)).ConfigureAwait(false);
        return exitCode;
    }
}
