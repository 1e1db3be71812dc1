using Agentsgt.Application;
using Agentsgt.Infrastructure;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting.Internal;

namespace Agentsgt.Api.Cli;

internal sealed class CliServices : IAsyncDisposable
{
    private readonly ConfigurationRoot _configuration;

    private CliServices(ConfigurationRoot configuration, ServiceProvider provider)
    {
        _configuration = configuration;
        Provider = provider;
    }

    public ServiceProvider Provider { get; }

    public static CliServices Build(CliHostSettings host)
    {
        var environment = new HostingEnvironment
        {
            EnvironmentName = host.EnvironmentName,
            ApplicationName = typeof(CliServices).Assembly.GetName().Name!,
            ContentRootPath = host.ContentRootPath,
            ContentRootFileProvider = new NullFileProvider(),
        };

        // No reloadOnChange: a command runs once, and file watchers would outlive it.
        var builder = new ConfigurationBuilder()
            .SetBasePath(host.ContentRootPath)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{host.EnvironmentName}.json", optional: true, reloadOnChange: false);
        if (host.UseEnvironmentVariables)
        {
            builder.AddEnvironmentVariables();
        }

        var configuration = (ConfigurationRoot)builder.AddInMemoryCollection(host.Settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<IHostEnvironment>(environment);

        // No logging providers: management commands log nothing, so they never log a secret.
        services.AddLogging();
        services.AddApplicationServices();
        services.AddInfrastructureServices(configuration, environment);
        services.AddSettingsChecks(configuration);
        host.ConfigureServices?.Invoke(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        try
        {
            ValidatedOptions.ValidateAll(provider);
        }
        catch
        {
            provider.Dispose();
            configuration.Dispose();
            throw;
        }

        return new CliServices(configuration, provider);
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync().ConfigureAwait(false);
        _configuration.Dispose();
    }
}
