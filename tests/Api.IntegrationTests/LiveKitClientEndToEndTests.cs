namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// LiveKit's real client library against the real service: the API runs as its own process on a
/// loopback port with a real PostgreSQL, and each <c>tests/LiveKitE2E/*.test.mjs</c> runs under
/// <c>node --test</c> (livekit-client's <c>TokenSource.endpoint</c> fetches, livekit-server-sdk's
/// <c>TokenVerifier</c> checks). One NUnit test per file, so each is counted by scripts/test.sh.
/// </summary>
[NonParallelizable]
public sealed class LiveKitClientEndToEndTests
{
    private const string LiveKitAgentName = "agentsgt-voice";
    private const string PublishableOrigin = "https://shop.example.test";

    // LiveKit's dev-mode pair: the short secret must work with LiveKit's own verifier too.
    private const string LiveKitUrl = "ws://127.0.0.1:7880";
    private const string LiveKitApiKey = "devkey";
    private const string LiveKitApiSecret = "secret";

    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    private ApiFactory _database = null!;
    private ApiProcess _api = null!;
    private Dictionary<string, string> _nodeEnvironment = null!;

    public static IEnumerable<TestCaseData> NodeTestFiles() =>
        Directory.EnumerateFiles(E2EDirectory(), "*.test.mjs")
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetName($"LiveKitE2E_{Path.GetFileNameWithoutExtension(path).Replace(".test", string.Empty, StringComparison.Ordinal)}"));

    [OneTimeSetUp]
    public async Task StartApiProcess()
    {
        if (!Directory.Exists(Path.Combine(E2EDirectory(), "node_modules", "livekit-client")))
        {
            Assert.Fail($"LiveKit's npm packages are not installed: run `npm ci` in {E2EDirectory()} (scripts/test.sh does).");
        }

        // The factory only provides a migrated database and its seeding helpers; its in-memory server is never started.
        _database = await ApiFactory.CreateAsync("livekite2e");
        var tenant = await _database.CreateTenantAsync();
        var dispatchedAgent = await _database.AddAgentAsync(tenant.OrganizationId, liveKitAgentName: LiveKitAgentName);
        var publishable = await _database.AddPublishableKeyAsync(tenant.OrganizationId, [PublishableOrigin]);

        _api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Agentsgt"] = _database.ConnectionString,
            ["ApiKeys__Peppers__test"] = ApiFactory.Pepper,
            ["ApiKeys__CurrentPepperId"] = "test",
            ["LIVEKIT_URL"] = LiveKitUrl,
            ["LIVEKIT_API_KEY"] = LiveKitApiKey,
            ["LIVEKIT_API_SECRET"] = LiveKitApiSecret,
        });

        _nodeEnvironment = new Dictionary<string, string>
        {
            ["AGENTSGT_API_URL"] = _api.Url,
            ["AGENTSGT_API_KEY"] = $"{tenant.Credentials.PublicKey}:{tenant.Credentials.Secret}",
            ["AGENTSGT_ORGANIZATION_ID"] = tenant.OrganizationId.ToString(),
            ["AGENTSGT_DISPATCHED_AGENT_ID"] = dispatchedAgent.ToString(),
            ["AGENTSGT_LIVEKIT_AGENT_NAME"] = LiveKitAgentName,
            ["AGENTSGT_PLAIN_AGENT_ID"] = tenant.AgentId.ToString(),
            ["AGENTSGT_PUBLISHABLE_KEY"] = publishable.PublicKey,
            ["AGENTSGT_PUBLISHABLE_ORIGIN"] = PublishableOrigin,
            ["LIVEKIT_URL"] = LiveKitUrl,
            ["LIVEKIT_API_KEY"] = LiveKitApiKey,
            ["LIVEKIT_API_SECRET"] = LiveKitApiSecret,
        };
    }

    [OneTimeTearDown]
    public async Task StopApiProcess()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [TestCaseSource(nameof(NodeTestFiles))]
    public async Task NodeTestFilePasses(string file)
    {
        var (exitCode, output) = await RunNodeTestAsync(file);

        Assert.That(exitCode, Is.Zero, $"node --test {file} failed:\n{output}\n\nAPI output:\n{_api.Output}");
        TestContext.Out.WriteLine(output);
    }

    private async Task<(int ExitCode, string Output)> RunNodeTestAsync(string file)
    {
        var (exitCode, output, error) = await LiveKitE2EScript.RunAsync(["--test", file], _nodeEnvironment, NodeTimeout);
        return (exitCode, output + error);
    }

    private static string E2EDirectory() => LiveKitE2EScript.Directory();
}
