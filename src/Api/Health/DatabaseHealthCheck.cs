using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Agentsgt.Api.Health;

/// <summary>
/// Ready only when PostgreSQL answers within <see cref="Timeout"/> and every committed migration is
/// applied: an instance on an old schema would fail requests, so it must not get traffic. Never
/// reports connection details.
/// </summary>
/// <remarks>
/// The probe reads the migrations history on its own connection from the service's pool. On a
/// hung server Npgsql honours neither the cancellation token nor a short command timeout (it first
/// sends PostgreSQL a cancellation request, which waits on the hung server as well), so the check
/// stops waiting at <see cref="Timeout"/> and lets the probe finish on its own: the connection is
/// the probe's, so nothing else is touched when it finally fails.
/// </remarks>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, AgentsgtDbContext db) : IHealthCheck
{
    /// <summary>The readiness probe's bound on the database (docs/security.md).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HashSet<string> applied;
        var probe = ReadAppliedMigrationsAsync();
        try
        {
            applied = await probe.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The probe goes on until Npgsql gives up; its failure then is already reported here.
            _ = probe.ContinueWith(static abandoned => abandoned.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return Unreachable($"Database did not answer within {Timeout.TotalSeconds:0} s.", nameof(TimeoutException));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Unreachable("Database unreachable.", ex.GetType().Name);
        }

        var pending = db.Database.GetMigrations().Count(id => !applied.Contains(id));
        var data = new Dictionary<string, object> { ["pendingMigrations"] = pending };
        return pending == 0
            ? HealthCheckResult.Healthy("Database reachable; schema up to date.", data)
            : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied; run `db migrate`.", data: data);
    }

    private static HealthCheckResult Unreachable(string description, string error) =>
        HealthCheckResult.Unhealthy(description, data: new Dictionary<string, object> { ["error"] = error });

    /// <summary>Reachability and schema in one round trip; an empty set when the history table does not exist yet.</summary>
    private async Task<HashSet<string>> ReadAppliedMigrationsAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT migration_id FROM {PersistenceSetup.MigrationsHistoryTable} WHERE to_regclass('{PersistenceSetup.MigrationsHistoryTable}') IS NOT NULL",
            connection);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                applied.Add(reader.GetString(0));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // No migration has run yet: every one is pending.
        }

        return applied;
    }
}
