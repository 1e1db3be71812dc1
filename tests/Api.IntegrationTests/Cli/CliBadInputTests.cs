using Agentsgt.Api.Cli;

namespace Agentsgt.Api.IntegrationTests.Cli;

/// <summary>
/// Every way each command can be called wrongly: exit code 2, nothing on stdout, one
/// <c>error: …</c> line on stderr that says what is wrong. Placeholders: {org} an existing
/// organization, {agent} an existing agent, {unknown} a well-formed id that exists nowhere.
/// </summary>
public sealed class CliBadInputTests : ApiFixture
{
    private static readonly string TooLong = new('x', 201);

    private string _organizationId = null!;
    private string _agentId = null!;

    [OneTimeSetUp]
    public async Task CreateOrganizationAndAgent()
    {
        _organizationId = (await Cli.RunAsync("orgs", "create", "Acme", "--json")).AssertSuccess().Json().GetProperty("id").GetString()!;
        _agentId = (await Cli.RunAsync("agents", "create", "--org", _organizationId, "Bot", "--json")).AssertSuccess().Json().GetProperty("id").GetString()!;
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        static TestCaseData Case(string message, params string[] args) =>
            new TestCaseData(args, message).SetName($"{{m}}: {string.Join(' ', args.Select(a => a.Length > 20 ? a[..20] + "…" : a))}");

        // The executable and its groups.
        yield return Case("unknown command 'bogus'", "bogus");
        yield return Case("'orgs' needs a command: create, list", "orgs");
        yield return Case("'agents' needs a command: create, list, delete", "agents");
        yield return Case("'keys' needs a command: create, list, revoke", "keys");
        yield return Case("'db' needs a command: migrate", "db");
        yield return Case("unknown command 'frob'", "keys", "frob");
        yield return Case("unknown option '--verbose'", "keys", "--verbose");

        // db migrate
        yield return Case("unexpected argument 'now'", "db", "migrate", "now");
        yield return Case("unknown option '--force'", "db", "migrate", "--force");

        // orgs create NAME
        yield return Case("Required argument 'NAME' missing", "orgs", "create");
        yield return Case("name must not be blank", "orgs", "create", "");
        yield return Case("name must not be blank", "orgs", "create", "   ");
        yield return Case("name must be at most 200 characters", "orgs", "create", TooLong);
        yield return Case("name must not contain control characters", "orgs", "create", "Acme\u001b[31m");
        yield return Case("unexpected argument 'Inc'", "orgs", "create", "Acme", "Inc");
        yield return Case("unknown option '--name'", "orgs", "create", "--name", "Acme");

        // orgs list
        yield return Case("unexpected argument 'all'", "orgs", "list", "all");
        yield return Case("unknown option '--org'", "orgs", "list", "--org", "{org}");

        // agents create --org ID NAME
        yield return Case("Option '--org' is required", "agents", "create", "Bot");
        yield return Case("Required argument missing for option: '--org'", "agents", "create", "--org");
        yield return Case("--org: 'acme' is not an id", "agents", "create", "--org", "acme", "Bot");
        yield return Case("organization {unknown} does not exist", "agents", "create", "--org", "{unknown}", "Bot");
        yield return Case("Required argument 'NAME' missing", "agents", "create", "--org", "{org}");
        yield return Case("name must not be blank", "agents", "create", "--org", "{org}", " ");
        yield return Case("name must be at most 200 characters", "agents", "create", "--org", "{org}", TooLong);
        yield return Case("Option '--org' expects a single argument", "agents", "create", "--org", "{org}", "--org", "{org}", "Bot");

        // agents list --org ID
        yield return Case("Option '--org' is required", "agents", "list");
        yield return Case("--org: '42' is not an id", "agents", "list", "--org", "42");
        yield return Case("organization {unknown} does not exist", "agents", "list", "--org", "{unknown}");

        // agents delete ID
        yield return Case("Required argument 'ID' missing", "agents", "delete");
        yield return Case("ID: 'bot' is not an id", "agents", "delete", "bot");
        yield return Case("agent {unknown} does not exist", "agents", "delete", "{unknown}");
        yield return Case("unexpected argument '{agent}'", "agents", "delete", "{agent}", "{agent}");

        // keys create --org ID [--name TEXT] [--expires-in DURATION]
        yield return Case("Option '--org' is required", "keys", "create");
        yield return Case("--org: '' is not an id", "keys", "create", "--org", "");
        yield return Case("organization {unknown} does not exist", "keys", "create", "--org", "{unknown}");
        yield return Case("name must not be blank", "keys", "create", "--org", "{org}", "--name", "");
        yield return Case("name must be at most 200 characters", "keys", "create", "--org", "{org}", "--name", TooLong);
        yield return Case("Required argument missing for option: '--name'", "keys", "create", "--org", "{org}", "--name");
        yield return Case("Required argument missing for option: '--expires-in'", "keys", "create", "--org", "{org}", "--expires-in");
        yield return Case("'90' is not a duration", "keys", "create", "--org", "{org}", "--expires-in", "90");
        yield return Case("'90x' is not a duration", "keys", "create", "--org", "{org}", "--expires-in", "90x");
        yield return Case("'90D' is not a duration", "keys", "create", "--org", "{org}", "--expires-in", "90D");
        yield return Case("'1.5d' is not a duration", "keys", "create", "--org", "{org}", "--expires-in", "1.5d");
        yield return Case("'d' is not a duration", "keys", "create", "--org", "{org}", "--expires-in", "d");
        yield return Case("'' is not a duration", "keys", "create", "--org", "{org}", "--expires-in", "");
        yield return Case("'0d' is not a positive duration", "keys", "create", "--org", "{org}", "--expires-in", "0d");
        yield return Case("'-1d' is not a positive duration", "keys", "create", "--org", "{org}", "--expires-in", "-1d");
        yield return Case("'3651d' is too long: at most 3650d", "keys", "create", "--org", "{org}", "--expires-in", "3651d");
        yield return Case("'87601h' is too long", "keys", "create", "--org", "{org}", "--expires-in", "87601h");
        yield return Case("'5256001m' is too long", "keys", "create", "--org", "{org}", "--expires-in", "5256001m");
        yield return Case("is too long", "keys", "create", "--org", "{org}", "--expires-in", "99999999999999999999999d");
        yield return Case("unknown option '--expires'", "keys", "create", "--org", "{org}", "--expires", "90d");
        yield return Case("unexpected argument 'prod'", "keys", "create", "--org", "{org}", "prod");

        // keys list (--org ID | --stale-pepper [--org ID])
        yield return Case("Option '--org' is required (or use --stale-pepper", "keys", "list");
        yield return Case("--org: 'acme' is not an id", "keys", "list", "--org", "acme");
        yield return Case("organization {unknown} does not exist", "keys", "list", "--org", "{unknown}");
        yield return Case("organization {unknown} does not exist", "keys", "list", "--stale-pepper", "--org", "{unknown}");
        yield return Case("unknown option '--all'", "keys", "list", "--all");

        // keys revoke PUBLIC_KEY
        yield return Case("Required argument 'PUBLIC_KEY' missing", "keys", "revoke");
        yield return Case("public key must be pk_ followed by letters and digits", "keys", "revoke", "sk_abc123");
        yield return Case("public key must be pk_ followed by letters and digits", "keys", "revoke", "pk_abc123:sk_def456");
        yield return Case("public key must be pk_ followed by letters and digits", "keys", "revoke", "pk_");
        yield return Case("public key must be pk_ followed by letters and digits", "keys", "revoke", "pk_abc-123");
        yield return Case("API key pk_doesNotExist123 does not exist", "keys", "revoke", "pk_doesNotExist123");
        yield return Case("unexpected argument 'pk_b'", "keys", "revoke", "pk_a", "pk_b");

        // orgs set-limits ORG_ID / keys set-limits PUBLIC_KEY [--max-concurrent-sessions N|none] [--max-session-seconds N|default]
        yield return Case("nothing to set: give --max-concurrent-sessions N|none and/or --max-session-seconds N|default", "orgs", "set-limits", "{org}");
        yield return Case("Required argument 'ORG_ID' missing", "orgs", "set-limits", "--max-session-seconds", "60");
        yield return Case("ORG_ID: 'acme' is not an id", "orgs", "set-limits", "acme", "--max-session-seconds", "60");
        yield return Case("organization {unknown} does not exist", "orgs", "set-limits", "{unknown}", "--max-session-seconds", "60");
        yield return Case("--max-concurrent-sessions: '0' is not a whole number from 1 to 100000, or none.", "orgs", "set-limits", "{org}", "--max-concurrent-sessions", "0");
        yield return Case("--max-concurrent-sessions: '-3' is not a whole number", "orgs", "set-limits", "{org}", "--max-concurrent-sessions", "-3");
        yield return Case("--max-concurrent-sessions: '100001' is not a whole number", "orgs", "set-limits", "{org}", "--max-concurrent-sessions", "100001");
        yield return Case("--max-concurrent-sessions: 'default' is not a whole number", "orgs", "set-limits", "{org}", "--max-concurrent-sessions", "default");
        yield return Case("--max-concurrent-sessions: '2.5' is not a whole number", "keys", "set-limits", "pk_abcdef123456", "--max-concurrent-sessions", "2.5");
        yield return Case("--max-session-seconds: 'none' is not a whole number from 1 to 604800, or default.", "keys", "set-limits", "pk_abcdef123456", "--max-session-seconds", "none");
        yield return Case("--max-session-seconds: '604801' is not a whole number", "keys", "set-limits", "pk_abcdef123456", "--max-session-seconds", "604801");
        yield return Case("--max-session-seconds: '1h' is not a whole number", "keys", "set-limits", "pk_abcdef123456", "--max-session-seconds", "1h");
        yield return Case("Required argument missing for option: '--max-session-seconds'", "keys", "set-limits", "pk_abcdef123456", "--max-session-seconds");
        yield return Case("nothing to set", "keys", "set-limits", "pk_abcdef123456");
        yield return Case("public key must be pk_", "keys", "set-limits", "acme", "--max-session-seconds", "60");
        yield return Case("API key pk_abcdef123456 does not exist", "keys", "set-limits", "pk_abcdef123456", "--max-session-seconds", "60");

        // sessions list --org ID [--agent ID] [--limit N] [--cursor TEXT]
        yield return Case("'sessions' needs a command: list", "sessions");
        yield return Case("Option '--org' is required", "sessions", "list");
        yield return Case("organization {unknown} does not exist", "sessions", "list", "--org", "{unknown}");
        yield return Case("--agent: 'bot' is not an id", "sessions", "list", "--org", "{org}", "--agent", "bot");
        yield return Case("--limit: '0' is not a number from 1 to 100", "sessions", "list", "--org", "{org}", "--limit", "0");
        yield return Case("--limit: '101' is not a number from 1 to 100", "sessions", "list", "--org", "{org}", "--limit", "101");
        yield return Case("cursor is not a cursor of this listing", "sessions", "list", "--org", "{org}", "--cursor", "abc");

        // usage --org ID [--from TIME] [--to TIME] [--by agent|key|day]
        yield return Case("Option '--org' is required", "usage");
        yield return Case("organization {unknown} does not exist", "usage", "--org", "{unknown}");
        yield return Case("--by: 'week' must be agent, key or day", "usage", "--org", "{org}", "--by", "week");
        yield return Case("--from: 'yesterday' is not an RFC 3339 time", "usage", "--org", "{org}", "--from", "yesterday");
        yield return Case("--to: '2026-11-31' is not an RFC 3339 time", "usage", "--org", "{org}", "--to", "2026-11-31");
        yield return Case("--to must be after --from", "usage", "--org", "{org}", "--from", "2026-11-02", "--to", "2026-11-01T23:00:00Z");

        // demo seed [--env-file PATH] [--api-url URL]
        yield return Case("Required argument missing for option: '--env-file'", "demo", "seed", "--env-file");
        yield return Case("--env-file and --api-url need a non-blank value", "demo", "seed", "--env-file", " ");
        yield return Case("--env-file and --api-url need a non-blank value", "demo", "seed", "--api-url", "");
        yield return Case("unknown option '--force'", "demo", "seed", "--force");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task RejectsBadInput_WithExitCode2_AndAOneLineError(string[] args, string message)
    {
        var unknown = Guid.NewGuid().ToString("D");
        string Resolve(string text) => text.Replace("{org}", _organizationId, StringComparison.Ordinal)
            .Replace("{agent}", _agentId, StringComparison.Ordinal)
            .Replace("{unknown}", unknown, StringComparison.Ordinal);

        var result = await Cli.RunAsync(args.Select(Resolve).ToArray());

        result.AssertFailure(CliExitCodes.BadInput, Resolve(message));
    }

    [Test]
    public async Task BadInput_ChangesNothing()
    {
        await Cli.RunAsync("keys", "create", "--org", _organizationId, "--expires-in", "0d");
        await Cli.RunAsync("keys", "create", "--org", _organizationId, "--name", "");
        await Cli.RunAsync("agents", "create", "--org", _organizationId, "");

        var keys = (await Cli.RunAsync("keys", "list", "--org", _organizationId, "--json")).AssertSuccess().Json().GetProperty("apiKeys");
        var agents = (await Cli.RunAsync("agents", "list", "--org", _organizationId, "--json")).AssertSuccess().Json().GetProperty("agents");
        Assert.That(keys.GetArrayLength(), Is.Zero);
        Assert.That(agents.GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task ControlCharactersInInput_NeverReachTheTerminal()
    {
        var result = await Cli.RunAsync("keys", "create", "--org", "x\ny\u001b[2J");

        result.AssertFailure(CliExitCodes.BadInput, "'x?y?[2J' is not an id");
    }

    [Test]
    public async Task AStraySecretArgument_IsMaskedInTheError()
    {
        var result = await Cli.RunAsync("keys", "revoke", "pk_abcdef123456", "sk_ThisMustNeverBeEchoed123");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.Not.Contain("ThisMustNeverBeEchoed"));
        Assert.That(result.Error, Does.Contain("sk_***"));
    }
}
