using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentsgt.Api.Logging;

public static class KestrelDetailGuardSetup
{
    public static IServiceCollection AddKestrelDetailGuard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddSingleton<LoggerFactory>();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new KestrelDetailGuard(provider.GetRequiredService<LoggerFactory>())));
        return services;
    }
}
