using Agentsgt.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentsgt.Api.Health;

/// <summary>
/// Ready only when PostgreSQL answers and every committed migration is applied: an instance on an
/// old schema would fail requests, so it must not get traffic. Never reports connection details.
/// </summary>
public sealed class DatabaseHealthCheck : IHealthCheck
{
    private readonly AgentsgtDbContext _db;

    public DatabaseHealthCheck(AgentsgtDbContext db)
    {
        _db = db;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> pending;
        try
        {
            // Opens a connection and reads the migrations history table: reachability and schema in one go.
            pending = [.. await _db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(
                "Database unreachable.",
                data: new Dictionary<string, object> { ["error"] = ex.GetType().Name });
        }

        var data = new Dictionary<string, object> { ["pendingMigrations"] = pending.Count };
        return pending.Count == 0
            ? HealthCheckResult.Healthy("Database reachable; schema up to date.", data)
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied; run `db migrate`.", data: data);
    }
}
