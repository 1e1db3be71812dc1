using System.Diagnostics;
using System.Globalization;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Benchmarks.Sql;

/// <summary>
/// What each database call of a token request costs the API process in CPU, through the real
/// repositories, one call at a time (so the time is the client's: EF Core, Npgsql, sockets).
/// PostgreSQL runs in another process, so its work is not in these figures.
/// </summary>
public static class DbCallCost
{
    public static async Task RunAsync(string connectionString, string keysPath, int calls, int warmupCalls)
    {
        var keys = File.ReadAllLines(keysPath).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        if (keys.Count == 0 || keys.Any(k => k.Length < 4))
        {
            throw new InvalidDataException($"{keysPath}: need lines of agent, organization, key id, public key");
        }

        var builder = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(builder, connectionString);
        var db = new AgentsgtDbContext(builder.Options);
        await using (db.ConfigureAwait(false))
        {
            var apiKeys = new ApiKeyRepository(db);
            var agents = new AgentRepository(db);
            var now = DateTimeOffset.UtcNow;
            string[] K(int i) => keys[i % keys.Count];
            var cases = new (string Name, Func<int, Task> Call)[]
            {
                ("select_key", i => apiKeys.FindByPublicKeyAsync(K(i)[3], CancellationToken.None)),
                ("update_last_used", i => apiKeys.MarkUsedAsync(Guid.Parse(K(i)[2]), now, CancellationToken.None)),
                ("exists_agent", i => agents.ExistsActiveAsync(Guid.Parse(K(i)[0]), Guid.Parse(K(i)[1]), CancellationToken.None)),
                ("select_1_floor", _ => db.Database.ExecuteSqlRawAsync("SELECT 1")),
            };

            foreach (var (name, call) in cases)
            {
                for (var i = 0; i < warmupCalls; i++)
                {
                    await call(i).ConfigureAwait(false);
                }

                var cpuBefore = Environment.CpuUsage.TotalTime;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < calls; i++)
                {
                    await call(i).ConfigureAwait(false);
                }

                var wall = clock.Elapsed.TotalMicroseconds / calls;
                var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / calls;
                var allocated = (double)(GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / calls;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"DBCOST call={name} calls={calls} cpu_us={cpu:F1} wall_us={wall:F1} bytes={allocated:F0}"));
            }
        }
    }
}
