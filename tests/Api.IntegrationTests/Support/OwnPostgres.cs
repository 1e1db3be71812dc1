using Npgsql;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>A server of a fixture's own, for tests that restart or reconfigure it.</summary>
public static class OwnPostgres
{
    /// <summary>
    /// A new server restarted with <c>ALTER SYSTEM SET <paramref name="setting"/></c> (a setting that
    /// needs a restart); the test is inconclusive on a server the tests cannot restart.
    /// </summary>
    public static async Task<PostgresServer> StartWithAsync(string setting)
    {
        var server = await PostgresServer.StartAsync();
        Assume.That(server.CanStopAndStart, $"A {server.Kind} server cannot be restarted by the tests to set {setting}.");
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"ALTER SYSTEM SET {setting}", connection);
            await command.ExecuteNonQueryAsync();
        }

        await server.StopAsync();
        await server.StartAgainAsync();
        return server;
    }
}
