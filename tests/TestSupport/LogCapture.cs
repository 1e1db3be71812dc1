using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Agentsgt.Tests.Support;

/// <summary>
/// Keeps every log entry of an app, at every level and category, as text: category, level,
/// event, formatted message, every structured value, every scope value and the full exception
/// (type, message, stack, inner exceptions), so a test can search all of it.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new StringBuilder()
                .Append(category).Append('|').Append(logLevel).Append('|').Append(eventId).Append('|')
                .Append(formatter(state, exception));
            AppendValues(entry, state);
            owner._scopes.ForEachScope((scope, text) => AppendValues(text.Append(" scope:"), scope), entry);
            if (exception is not null)
            {
                entry.Append(" exception:").Append(exception);
            }

            owner._entries.Enqueue(entry.ToString());
        }

        private static void AppendValues(StringBuilder entry, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    entry.Append(' ').Append(key).Append('=').Append(value);
                }
            }
            else
            {
                entry.Append(' ').Append(state);
            }
        }
    }
}
