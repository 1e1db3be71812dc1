using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace Agentsgt.Infrastructure.IntegrationTests.LiveKit;

/// <summary>The RoomService client as the service registers it (AddInfrastructureServices), pointed at a LiveKit URL, with its logs captured.</summary>
public sealed class RoomServiceClientHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public RoomServiceClientHost(string liveKitUrl, string apiKey, string apiSecret)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["LiveKit:Url"] = liveKitUrl,
                ["LiveKit:ApiKey"] = apiKey,
                ["LiveKit:ApiSecret"] = apiSecret,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddInfrastructureServices(configuration, new HostingEnvironment { EnvironmentName = Environments.Production });
        _provider = services.BuildServiceProvider();
        Client = _provider.GetRequiredService<ILiveKitRoomService>();
    }

    public RoomServiceClientHost(LiveKitRoomServiceStandIn standIn)
        : this(standIn.Url, standIn.ApiKey, standIn.ApiSecret)
    {
    }

    public ILiveKitRoomService Client { get; }

    public LogCapture Logs { get; } = new();

    public void Dispose() => _provider.Dispose();
}
