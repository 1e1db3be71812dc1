using System.Globalization;
using System.Text;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Agentsgt.Benchmarks.Seeding;

/// <summary>
/// One organization, one agent and one API key per line of the keys file, written through the
/// same entities and hasher the service uses, so the API accepts every key. Key n (1-based) has
/// public part <c>pk_bench</c> + n in 8 digits and agent <c>00000000-0000-4000-8000-</c> + n in
/// 12 digits, so the ceiling's pgbench script (Sql/ceiling.sql) can name any of them from n alone;
/// secrets are random. The capped set (<see cref="BenchmarkKeySet.Capped"/>) has public part
/// <c>pk_bcap</c> + n, agents in the <c>-9000-</c> group, and a concurrency cap on each
/// organization, high enough never to refuse, so every token takes the reservation path.
/// </summary>
public static class BenchmarkSeeder
{
    private const int BatchSize = 250;

    /// <summary>The organization cap of the capped set: far above any open count a run reaches.</summary>
    public const int CappedOrganizationMaxConcurrentSessions = 1_000_000;

    public static async Task RunAsync(string connectionString, string pepperId, string pepper, int count, string outputPath, BenchmarkKeySet set = BenchmarkKeySet.Uncapped)
    {
        var capped = set == BenchmarkKeySet.Capped;
        var hashing = new ApiKeyHashingOptions { CurrentPepperId = pepperId };
        hashing.Peppers[pepperId] = pepper;
        var problems = hashing.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }

        var hasher = new HmacSecretHasher(Microsoft.Extensions.Options.Options.Create(hashing));
        var builder = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(builder, connectionString, commandTimeoutSeconds: 60);

        var now = DateTimeOffset.UtcNow;
        var lines = new StringBuilder();
        for (var start = 0; start < count; start += BatchSize)
        {
            // A fresh context per batch keeps the change tracker small.
            var db = new AgentsgtDbContext(builder.Options);
            await using (db.ConfigureAwait(false))
            {
                for (var i = start; i < Math.Min(count, start + BatchSize); i++)
                {
                    var organizationId = Guid.NewGuid();
                    var n = i + 1;
                    var agentId = Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-{(capped ? 9000 : 8000)}-{n:D12}"));
                    var keyId = Guid.NewGuid();
                    var publicKey = string.Create(CultureInfo.InvariantCulture, $"{(capped ? "pk_bcap" : "pk_bench")}{n:D8}");
                    var secret = ApiKeyCredentials.Generate().Secret;
                    var organization = new Organization(organizationId, $"Benchmark {(capped ? "capped " : string.Empty)}organization {i}", now);
                    if (capped)
                    {
                        organization.SetMaxConcurrentSessions(CappedOrganizationMaxConcurrentSessions);
                    }

                    db.Organizations.Add(organization);
                    db.Agents.Add(new Agent(agentId, organizationId, $"Benchmark agent {i}", now));
                    db.ApiKeys.Add(new ApiKey(
                        keyId, organizationId, "benchmark", publicKey, hasher.Hash(secret), hasher.CurrentPepperId, now, expiresAt: null));
                    lines.Append(CultureInfo.InvariantCulture, $"{agentId:D}\t{organizationId:D}\t{keyId:D}\t{publicKey}\t{secret}\n");
                }

                await db.SaveChangesAsync().ConfigureAwait(false);
            }
        }

        await File.WriteAllTextAsync(outputPath, lines.ToString()).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(outputPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Console.WriteLine($"seeded {count} {(capped ? "capped " : string.Empty)}organizations, agents and API keys; key pairs in {outputPath}");
    }
}
