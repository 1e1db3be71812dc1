namespace Agentsgt.Api.Logging;

/// <summary>
/// Keeps request bytes out of Kestrel's bad-request log entries. Kestrel copies up to 128 bytes
/// of a malformed request line or header (an Authorization header with its secret, say) into
/// those entries whenever its general logger, <c>Microsoft.AspNetCore.Server.Kestrel</c>, has
/// Information enabled at start-up. Logging rules cannot cap one category for every provider
/// (a provider's own rule always wins), so the logger factory itself hands out that one logger
/// with Warning as its floor, whatever the configuration. Kestrel's other categories, including
/// <c>….Kestrel.BadRequests</c>, log as configured, just without the request bytes.
/// </summary>
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
