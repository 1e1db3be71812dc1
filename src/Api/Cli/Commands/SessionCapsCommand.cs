namespace Agentsgt.Api.Cli.Commands;

/// <summary>The <c>set-limits</c> command of keys and orgs: the two session caps, at least one of them given.</summary>
internal static class SessionCapsCommand
{
    public static Command Create<TTarget, TResult>(
        CliContext cli,
        Argument<TTarget> target,
        string description,
        (string Concurrency, string Seconds) clearedMeans,
        Func<TTarget, CapChange?, CapChange?, IRequest<TResult>> request,
        Func<TResult, (string Heading, string Concurrency, string Seconds)> describe)
    {
        var concurrency = CliOptions.MaxConcurrentSessions(clearedMeans.Concurrency);
        var seconds = CliOptions.MaxSessionSeconds(clearedMeans.Seconds);
        var command = new Command("set-limits", description)
        {
            target,
            concurrency,
            seconds,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(concurrency) is null && result.GetResult(seconds) is null)
            {
                result.AddError("nothing to set: give --max-concurrent-sessions N|none and/or --max-session-seconds N|default.");
            }
        });
        command.SetAction(cli.Action(async (parse, session, cancellationToken) =>
        {
            var set = request(parse.GetRequiredValue(target), parse.GetValue(concurrency), parse.GetValue(seconds));
            var result = await session.Mediator.Send(set, cancellationToken).ConfigureAwait(false);
            if (session.Json)
            {
                await session.WriteJsonAsync(result).ConfigureAwait(false);
                return;
            }

            var (heading, concurrencyText, secondsText) = describe(result);
            await session.WriteLineAsync(heading).ConfigureAwait(false);
            await session.WriteFieldsAsync([("max concurrent sessions", concurrencyText), ("max session seconds", secondsText)]).ConfigureAwait(false);
        }));
        return command;
    }
}
