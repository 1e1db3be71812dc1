namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>
/// An API started for one test (its own settings, its own database), with a client and a tenant;
/// disposed together: <c>await using var api = await TestApi.StartAsync("name", settings);</c>.
/// Fixtures that share one API for all their tests derive from <see cref="ApiFixture"/> instead.
/// </summary>
public sealed class TestApi : IAsyncDisposable
{
    private TestApi(ApiFactory factory, HttpClient client, TestTenant tenant)
    {
        Factory = factory;
        Client = client;
        Tenant = tenant;
    }

    public ApiFactory Factory { get; }

    public HttpClient Client { get; }

    public TestTenant Tenant { get; }

    /// <summary>
    /// An API on a new database on the shared server, or on <paramref name="server"/> (a test that stops its server owns it);
    /// on real Kestrel at a free loopback port when <paramref name="kestrel"/> is set (a test that needs a real
    /// connection: client addresses, raw sockets, Kestrel's own limits). <paramref name="services"/> adds to
    /// the app's services (e.g. an <c>IStartupFilter</c>).
    /// </summary>
    public static async Task<TestApi> StartAsync(
        string name,
        IDictionary<string, string?>? settings = null,
        LogCapture? logs = null,
        Tests.Support.PostgresServer? server = null,
        bool kestrel = false,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) =>
        await StartAsync(await ApiFactory.CreateAsync(name, settings, server, logs, services: services), kestrel);

    /// <summary>A client and a new tenant on <paramref name="factory"/>, which the result then owns; on real Kestrel when <paramref name="kestrel"/> is set.</summary>
    public static async Task<TestApi> StartAsync(ApiFactory factory, bool kestrel = false)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (kestrel)
        {
            factory.UseKestrel(0);
        }

        var client = factory.CreateClient();
        return new TestApi(factory, client, await factory.CreateTenantAsync());
    }

    /// <summary>POSTs <paramref name="json"/> to <paramref name="path"/> with the tenant's secret key.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string? json = "{}") => Client.PostTokenAsync(path, Tenant.Authorization, json);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
