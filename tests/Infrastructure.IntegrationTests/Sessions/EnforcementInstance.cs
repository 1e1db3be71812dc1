using Agentsgt.Infrastructure.Sessions;
using Agentsgt.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Agentsgt.Infrastructure.IntegrationTests.Sessions;

/// <summary>
/// One service instance's timed session work, wired as the service wires it (the infrastructure
/// registrations, the real RoomService client) against a test database and the RoomService
/// stand-in, with only <see cref="SessionMaintenance"/> running. Several may share a database.
/// </summary>
internal sealed class EnforcementInstance : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly SessionMaintenance _maintenance;
    private bool _stopped;

    private EnforcementInstance(ServiceProvider provider)
    {
        _provider = provider;
        _maintenance = provider.GetServices<IHostedService>().OfType<SessionMaintenance>().Single();
    }

    public SessionEnforcementLease Lease => _provider.GetRequiredService<SessionEnforcementLease>();

    public static async Task<EnforcementInstance> StartAsync(
        string connectionString,
        LiveKitRoomServiceStandIn liveKit,
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Agentsgt"] = connectionString,
            ["LiveKit:Url"] = liveKit.Url,
            ["LiveKit:ApiKey"] = liveKit.ApiKey,
            ["LiveKit:ApiSecret"] = liveKit.ApiSecret,
            ["Sessions:ReconcileSeconds"] = "1",
            ["Sessions:JoinWindowSeconds"] = "60",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddInfrastructureServices(configuration, new HostingEnvironment { EnvironmentName = Environments.Production });
        var instance = new EnforcementInstance(services.BuildServiceProvider());
        await instance._maintenance.StartAsync(CancellationToken.None);
        return instance;
    }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Stops as a host stops it: the loops end and the lease is released.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _maintenance.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _provider.DisposeAsync();
    }
}
