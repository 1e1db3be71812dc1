namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>
/// The set-up every API fixture shares: one <see cref="ApiFactory"/> on its own migrated database,
/// a client, and a tenant (organization, agent, secret key). A fixture that needs other settings
/// overrides <see cref="Settings"/>; one that needs its own server overrides <see cref="ServerAsync"/>;
/// one that needs a differently built factory (logs, no migration) overrides <see cref="CreateFactoryAsync"/>.
/// Further one-time set-up goes in the fixture's own <c>[OneTimeSetUp]</c>, which NUnit runs after this one.
/// </summary>
public abstract class ApiFixture
{
    private TestApi? _api;

    protected ApiFactory Factory => Api.Factory;

    protected HttpClient Client => Api.Client;

    protected TestTenant Tenant => Api.Tenant;

    private TestApi Api => _api ?? throw new InvalidOperationException("The fixture's API has not started.");

    /// <summary>Management commands against this fixture's database, with its settings.</summary>
    protected CliHarness Cli => field ??= CliHarness.For(Factory);

    /// <summary>The database name's prefix: the fixture's name and arguments.</summary>
    protected virtual string DatabaseName => TestContext.CurrentContext.Test.Name;

    /// <summary>Settings that replace or add to <see cref="ApiFactory"/>'s defaults.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>The server the fixture's database lives on; the shared one unless overridden.</summary>
    protected virtual Task<PostgresServer> ServerAsync() => SharedPostgres.GetAsync();

    protected virtual async Task<ApiFactory> CreateFactoryAsync() =>
        await ApiFactory.CreateAsync(DatabaseName, Settings, await ServerAsync());

    [OneTimeSetUp]
    public async Task StartApi() => _api = await TestApi.StartAsync(await CreateFactoryAsync());

    [OneTimeTearDown]
    public async Task StopApi()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }
}
