namespace Agentsgt.Api.Logging;

// Kestrel copies up to 128 bytes of a malformed request line or header (an Authorization secret, say)
// into its bad-request log entries: this guard keeps them out.
public sealed class KestrelDetailGuard(LoggerFactory inner) : ILoggerFactory
{
    public const string KestrelGeneralCategory = "Microsoft.AspNetCore.Server.Kestrel";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return string.Equals(categoryName, KestrelGeneralCategory, StringComparison.Ordinal) ? new WarningAndAbove(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The container disposes the inner factory it created.
    public void Dispose()
    {
    }

    private sealed class WarningAndAbove(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
