using System.CommandLine.Parsing;

namespace Agentsgt.Api.Cli;

internal static class CliOptions
{
    private const string ExampleId = "0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31";

    public static Option<Guid> Organization(bool required, string description = "The organization's id (from 'orgs create' or 'orgs list').") => new("--org")
    {
        Description = description,
        HelpName = "ID",
        Required = required,
        CustomParser = result => ParseId(result, "--org"),
    };

    public static Option<Guid[]> Agents(string description) => new("--agent")
    {
        Description = description,
        HelpName = "ID",
        Arity = ArgumentArity.ZeroOrMore,
        CustomParser = result =>
        {
            var ids = new Guid[result.Tokens.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                var text = result.Tokens[i].Value;
                if (!Guid.TryParse(text, out ids[i]))
                {
                    result.AddError($"--agent: {CliText.Quote(text)} is not an id; ids are UUIDs like {ExampleId}.");
                    return [];
                }
            }

            return ids;
        },
    };

    public static Argument<Guid> Id(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result => ParseId(result, name),
    };

    // A value starting with '-' is a mistyped option (--nme Acme), refused as one rather than taken as the name.
    public static Argument<string> Name(string description)
    {
        var name = new Argument<string>("NAME") { Description = description };
        name.Validators.Add(result =>
        {
            var value = SingleToken(result);
            if (value.StartsWith('-'))
            {
                result.AddError($"unknown option {CliText.Quote(value)}.");
            }
        });
        return name;
    }

    public static Option<TimeSpan?> ExpiresIn() => new("--expires-in")
    {
        Description = $"Lifetime from now: {ExpiryDuration.Syntax}; at most 3650d. Default: the key does not expire.",
        HelpName = "DURATION",
        CustomParser = result =>
        {
            if (ExpiryDuration.TryParse(SingleToken(result), out var duration, out var problem))
            {
                return duration;
            }

            result.AddError("--expires-in: " + problem);
            return null;
        },
    };

    /// <summary><c>--max-concurrent-sessions N|none</c>: null when not given (unchanged).</summary>
    public static Option<CapChange?> MaxConcurrentSessions(string noneMeans) => Cap(
        "--max-concurrent-sessions", "none", CapChange.MaxConcurrentSessionsLimit, $"Open sessions allowed at once, 1–{CapChange.MaxConcurrentSessionsLimit}, or none ({noneMeans}).");

    /// <summary><c>--max-session-seconds N|default</c>: null when not given (unchanged).</summary>
    public static Option<CapChange?> MaxSessionSeconds(string defaultMeans) => Cap(
        "--max-session-seconds", "default", CapChange.MaxSessionSecondsLimit, $"Seconds a session may last from its first join, 1–{CapChange.MaxSessionSecondsLimit}, or default ({defaultMeans}).");

    private static Option<CapChange?> Cap(string name, string clearWord, int limit, string description) => new(name)
    {
        Description = description,
        HelpName = "N|" + clearWord,
        CustomParser = result =>
        {
            var text = SingleToken(result);
            if (text == clearWord)
            {
                return CapChange.Clear;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= limit)
            {
                return new CapChange(value);
            }

            result.AddError($"{name}: {CliText.Quote(text)} is not a whole number from 1 to {limit}, or {clearWord}.");
            return null;
        },
    };

    /// <summary>The option's text when <paramref name="isValid"/>; otherwise an error naming the option.</summary>
    public static string? Parse(ArgumentResult result, string name, Func<string, bool> isValid, string problem)
    {
        var text = SingleToken(result);
        if (isValid(text))
        {
            return text;
        }

        result.AddError($"{name}: {CliText.Quote(text)} {problem}.");
        return null;
    }

    public static Guid ParseId(ArgumentResult result, string name)
    {
        var text = SingleToken(result);
        if (Guid.TryParse(text, out var id))
        {
            return id;
        }

        result.AddError($"{name}: {CliText.Quote(text)} is not an id; ids are UUIDs like {ExampleId}.");
        return Guid.Empty;
    }

    private static string SingleToken(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
}
