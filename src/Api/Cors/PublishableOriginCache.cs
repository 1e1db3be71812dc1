using System.Collections.Frozen;
using Agentsgt.Application.ApiKeys.Queries.ListPublishableOrigins;

namespace Agentsgt.Api.Cors;

public sealed partial class PublishableOriginCache : IDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _maxAge;
    private readonly ILogger<PublishableOriginCache> _logger;
    private readonly PublishableKeyChanges _changes;
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Snapshot? _snapshot;

    public PublishableOriginCache(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CorsSettings> settings, ILogger<PublishableOriginCache> logger, PublishableKeyChanges changes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _scopes = scopes;
        _clock = clock;
        _maxAge = TimeSpan.FromSeconds(settings.Value.PublishableOriginsRefreshSeconds);
        _logger = logger;
        _changes = changes;
    }

    public async ValueTask<bool> AllowsAsync(string origin, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || IsStale(snapshot))
        {
            snapshot = await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        return snapshot.Origins.Contains(origin);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || IsStale(snapshot))
        {
            await ReloadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _reload.Dispose();

    private bool IsStale(Snapshot snapshot) => snapshot.Version != _changes.Version || _clock.GetUtcNow() - snapshot.LoadedAt >= _maxAge;

    private async Task<Snapshot> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request may have reloaded it while this one waited.
            var current = _snapshot;
            if (current is not null && !IsStale(current))
            {
                return current;
            }

            // Read before loading: a change committed during the load makes this snapshot stale at once.
            var version = _changes.Version;
            FrozenSet<string> origins;
            try
            {
                using var scope = _scopes.CreateScope();
                var loaded = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new ListPublishableOriginsQuery(), cancellationToken).ConfigureAwait(false);
                origins = loaded.ToFrozenSet(StringComparer.Ordinal);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Keep what we had (preflights only); try again after the same interval.
                LogReloadFailed(_logger, ex.GetType().Name);
                origins = current?.Origins ?? FrozenSet<string>.Empty;
            }

            var snapshot = new Snapshot(origins, _clock.GetUtcNow(), version);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reload the publishable-key origins for CORS ({ExceptionType}); keeping the previous set.")]
    private static partial void LogReloadFailed(ILogger logger, string exceptionType);

    private sealed record Snapshot(FrozenSet<string> Origins, DateTimeOffset LoadedAt, long Version);
}
