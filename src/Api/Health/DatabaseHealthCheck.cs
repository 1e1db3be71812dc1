using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agentsgt.Api.Health;

// An instance on an old schema would fail requests: not ready until every committed migration is applied.
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, AgentsgtDbContext db) : IHealthCheck
{
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
