using System.Diagnostics;
using System.Globalization;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Benchmarks.Sql;

/// <summary>
/// What each database call of a token request costs the API process in CPU, through the real
/// repositories (the client's share: EF Core, Npgsql, sockets; PostgreSQL runs in another
/// process). Several callers at once, each with its own DbContext, as under load: one caller
/// alone would mostly measure the thread pool spinning while it waits for each reply.
/// </summary>
public static class DbCallCost
{
    public static async Task RunAsync(string connectionString, string keysPath, int calls, int warmupCalls, int parallel)
    {
        var keys = File.ReadAllLines(keysPath).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        if (keys.Count == 0 || keys.Any(k => k.Length < 4))
        {
            throw new InvalidDataException($"{keysPath}: need lines of agent, organization, key id, public key");
        }

        await using var dataSource = PersistenceSetup.CreateDataSource(new DatabaseOptions { ConnectionString = connectionString });
        var builder = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(builder, dataSource);
        string[] K(int i) => keys[i % keys.Count];
        var cases = new (string Name, Func<AgentsgtDbContext, int, Task> Call)[]
        {
            ("key_and_agent", (db, i) => new ApiKeyRepository(db, dataSource).FindKeyAndAgentAsync(K(i)[3], Guid.Parse(K(i)[0]), CancellationToken.None)),
            ("select_1_ef", (db, _) => db.Database.ExecuteSqlRawAsync("SELECT 1")),
        };

        var contexts = Enumerable.Range(0, parallel).Select(_ => new AgentsgtDbContext(builder.Options)).ToList();
        try
        {
            foreach (var (name, call) in cases)
            {
                await RunCallers(contexts, call, warmupCalls).ConfigureAwait(false);
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                var clock = Stopwatch.StartNew();
                await RunCallers(contexts, call, calls).ConfigureAwait(false);
                var seconds = clock.Elapsed.TotalSeconds;
                var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / calls;
                var allocated = (double)(GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / calls;
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"DBCOST call={name} calls={calls} parallel={parallel} cpu_us={cpu:F1} calls_per_s={calls / seconds:F0} bytes={allocated:F0}"));
            }
        }
        finally
        {
            foreach (var db in contexts)
            {
                await db.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // The callers share the calls between them; caller c makes calls c, c + n, c + 2n, ...
    private static Task RunCallers(List<AgentsgtDbContext> contexts, Func<AgentsgtDbContext, int, Task> call, int calls) =>
        Task.WhenAll(contexts.Select(async (db, c) =>
        {
            for (var i = c; i < calls; i += contexts.Count)
            {
                await call(db, i).ConfigureAwait(false);
            }
        }));
}
