using Agentsgt.Tests.Support;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.TestSupport;

/// <summary>The test server's own lifecycle, which outage tests rely on: freeze and thaw, stop and start.</summary>
[NonParallelizable]
public sealed class PostgresServerTests
{
    [Test]
    public async Task FreezeLeavesConnectionsOpenButUnanswered_ThawAnswersThemAgain()
    {
        await using var server = await PostgresServer.StartAsync();
        Assume.That(server.CanStopAndStart, $"A {server.Kind} server cannot be frozen by the tests.");
        var connectionString = await server.CreateDatabaseAsync("freeze");
        // Short connect and no wait for a cancellation answer: the frozen postmaster would answer neither.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CancellationTimeout = -1, Timeout = 2 }.ConnectionString);
        await connection.OpenAsync();

        await server.FreezeAsync();
        await using (var frozen = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 1 })
        {
            Assert.That(async () => await frozen.ExecuteScalarAsync(), Throws.InstanceOf<NpgsqlException>());
        }

        await server.ThawAsync();
        await using var fresh = new NpgsqlConnection(connectionString);
        await fresh.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", fresh);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(1));
    }
}
