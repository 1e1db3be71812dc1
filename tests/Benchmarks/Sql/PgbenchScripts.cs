using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Agentsgt.Benchmarks.Sql;

/// <summary>
/// Turns the SQL the API logged for its token requests (EF Core's "Executed DbCommand" events,
/// JSON console format) into pgbench scripts, so the database ceiling runs exactly the
/// statements the endpoint runs, nothing hand-written. Each @parameter becomes a pgbench
/// :variable bound to one seeded key through -D, which costs no extra round trip.
/// </summary>
public static partial class PgbenchScripts
{
    private const int CommandExecutedEventId = 20101;
    private const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    /// <summary>What a parameter carries, recognised by the name EF Core gives it.</summary>
    private enum Role
    {
        PublicKey,
        AgentId,
        OrganizationId,
        ApiKeyId,
        Now,
    }

    public static void Write(string logPath, string keysPath, string outputDirectory, int files, int requests)
    {
        var executed = ReadExecutedCommands(logPath);
        if (executed.Count == 0 || executed.Count % requests != 0)
        {
            throw new InvalidDataException($"{logPath}: {executed.Count} SQL commands logged for {requests} requests; expected the same number per request");
        }

        var perRequest = executed.Count / requests;
        var statements = executed.Take(perRequest).ToList();
        for (var r = 1; r < requests; r++)
        {
            if (!executed.Skip(r * perRequest).Take(perRequest).Select(s => s.Sql).SequenceEqual(statements.Select(s => s.Sql)))
            {
                throw new InvalidDataException($"{logPath}: request {r + 1} ran other SQL than request 1; cannot tell what one request runs");
            }
        }

        var keys = File.ReadAllLines(keysPath).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        if (keys.Count < files || keys.Any(k => k.Length < 4))
        {
            throw new InvalidDataException($"{keysPath}: need at least {files} lines of agent, organization, key id, public key");
        }

        Directory.CreateDirectory(outputDirectory);
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        var roles = statements.Select(Roles).ToList();

        var captured = new StringBuilder();
        for (var i = 0; i < statements.Count; i++)
        {
            captured.Append(CultureInfo.InvariantCulture, $"-- statement {i + 1}, parameters: {statements[i].Parameters}\n{statements[i].Sql};\n\n");
        }

        File.WriteAllText(Path.Combine(outputDirectory, "statements.sql"), captured.ToString());

        File.WriteAllText(Path.Combine(outputDirectory, "hot.sql"), Script(statements, roles, 0));
        File.WriteAllText(Path.Combine(outputDirectory, "hot.defines"), Defines(keys, 1, now));
        for (var k = 0; k < files; k++)
        {
            File.WriteAllText(Path.Combine(outputDirectory, $"many-{k:D3}.sql"), Script(statements, roles, k));
        }

        File.WriteAllText(Path.Combine(outputDirectory, "many.defines"), Defines(keys, files, now));

        Console.WriteLine($"captured {perRequest} SQL statements per token request from the EF Core log ({executed.Count} over {requests} requests):");
        Console.Write(captured.ToString());
        Console.WriteLine($"wrote hot.sql and {files} many-NNN.sql pgbench scripts to {outputDirectory}");
    }

    private static List<(string Sql, string Parameters)> ReadExecutedCommands(string logPath)
    {
        var commands = new List<(string, string)>();
        foreach (var line in File.ReadLines(logPath))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            if (root.TryGetProperty("EventId", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt32() == CommandExecutedEventId
                && root.TryGetProperty("Category", out var category) && category.GetString() == CommandCategory
                && root.TryGetProperty("State", out var state)
                && state.TryGetProperty("commandText", out var text))
            {
                var parameters = state.TryGetProperty("parameters", out var p) ? p.GetString() ?? string.Empty : string.Empty;
                commands.Add((text.GetString()!.Replace("\r\n", "\n", StringComparison.Ordinal), parameters));
            }
        }

        return commands;
    }

    /// <summary>Each logged parameter's role: by the name EF Core gave it, else by its DbType.</summary>
    private static Dictionary<string, Role> Roles((string Sql, string Parameters) statement)
    {
        var roles = new Dictionary<string, Role>(StringComparer.Ordinal);
        foreach (Match m in LoggedParameter().Matches(statement.Parameters))
        {
            var name = m.Groups["name"].Value;
            var lower = name.ToLowerInvariant();
            Role? role = lower switch
            {
                _ when lower.Contains("publickey", StringComparison.Ordinal) => Role.PublicKey,
                _ when lower.Contains("agentid", StringComparison.Ordinal) => Role.AgentId,
                _ when lower.Contains("organizationid", StringComparison.Ordinal) || lower.Contains("orgid", StringComparison.Ordinal) => Role.OrganizationId,
                _ when lower.Contains("apikeyid", StringComparison.Ordinal) || lower.Contains("keyid", StringComparison.Ordinal) => Role.ApiKeyId,
                _ when m.Groups["facets"].Value.Contains("DbType = DateTime", StringComparison.Ordinal) => Role.Now,
                _ => null,
            };
            roles[name] = role ?? throw new InvalidDataException(
                $"cannot tell what parameter @{name} ({m.Groups["facets"].Value}) of this statement carries; teach Sql/PgbenchScripts.Roles its name:\n{statement.Sql}");
        }

        foreach (Match m in SqlParameter().Matches(statement.Sql))
        {
            if (!roles.ContainsKey(m.Groups["name"].Value))
            {
                throw new InvalidDataException($"@{m.Groups["name"].Value} is in the SQL but not in the logged parameters:\n{statement.Sql}");
            }
        }

        return roles;
    }

    private static string Script(List<(string Sql, string Parameters)> statements, List<Dictionary<string, Role>> roles, int key)
    {
        var script = new StringBuilder();
        script.Append(CultureInfo.InvariantCulture, $"-- One token request's SQL (from the EF Core log), bound to seeded key {key}.\n");
        for (var i = 0; i < statements.Count; i++)
        {
            var map = roles[i];
            var sql = SqlParameter().Replace(statements[i].Sql, m => ":" + Variable(map[m.Groups["name"].Value], key));
            var parts = sql.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 1)
            {
                script.Append(sql.TrimEnd().TrimEnd(';')).Append(";\n");
                continue;
            }

            // Npgsql sends a multi-statement command as one batch: one round trip, as a pipeline does.
            script.Append("\\startpipeline\n");
            foreach (var part in parts)
            {
                script.Append(part).Append(";\n");
            }

            script.Append("\\endpipeline\n");
        }

        return script.ToString();
    }

    private static string Defines(List<string[]> keys, int count, string now)
    {
        var defines = new StringBuilder();
        defines.Append(Variable(Role.Now, 0)).Append('=').Append(now).Append('\n');
        for (var k = 0; k < count; k++)
        {
            defines.Append(CultureInfo.InvariantCulture, $"{Variable(Role.AgentId, k)}={keys[k][0]}\n");
            defines.Append(CultureInfo.InvariantCulture, $"{Variable(Role.OrganizationId, k)}={keys[k][1]}\n");
            defines.Append(CultureInfo.InvariantCulture, $"{Variable(Role.ApiKeyId, k)}={keys[k][2]}\n");
            defines.Append(CultureInfo.InvariantCulture, $"{Variable(Role.PublicKey, k)}={keys[k][3]}\n");
        }

        return defines.ToString();
    }

    private static string Variable(Role role, int key) => role switch
    {
        Role.Now => "now",
        Role.PublicKey => $"public_key_{key:D3}",
        Role.AgentId => $"agent_id_{key:D3}",
        Role.OrganizationId => $"organization_id_{key:D3}",
        Role.ApiKeyId => $"api_key_id_{key:D3}",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    [GeneratedRegex(@"@(?<name>\w+)='[^']*'(?: \((?<facets>[^)]*)\))?")]
    private static partial Regex LoggedParameter();

    [GeneratedRegex(@"@(?<name>[A-Za-z_]\w*)")]
    private static partial Regex SqlParameter();
}
