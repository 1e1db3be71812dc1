using Npgsql;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>
/// Every row of every table of the database as JSON text, sorted, with <c>last_used_at</c> left
/// out (the one column a request may change), plus each key's <c>last_used_at</c> on its own.
/// </summary>
public sealed record DatabaseSnapshot(IReadOnlyList<string> Rows, IReadOnlyDictionary<Guid, DateTimeOffset?> LastUsedAt)
{
    public static async Task<DatabaseSnapshot> TakeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new List<string>();
        foreach (var table in tables)
        {
            // Names come from the catalog, quoted as identifiers.
            await using var select = new NpgsqlCommand($"SELECT '{table}: ' || (to_jsonb(t) - 'last_used_at')::text FROM \"{table}\" AS t ORDER BY 1", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        var lastUsed = new Dictionary<Guid, DateTimeOffset?>();
        await using (var keys = new NpgsqlCommand("SELECT id, last_used_at FROM api_keys", connection))
        await using (var reader = await keys.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lastUsed[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        return new DatabaseSnapshot(rows, lastUsed);
    }
}
