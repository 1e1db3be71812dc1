using Agentsgt.Api.Cors;
using Agentsgt.Api.Hosting;
using Agentsgt.Api.Proxies;
using Agentsgt.Api.Timeouts;
using Agentsgt.Infrastructure.Security;
using Agentsgt.Infrastructure.SharedLimits;

namespace Agentsgt.Api;

public static partial class StartupValidation
{
    public static void ValidateOptions(IServiceProvider services) => ValidatedOptions.ValidateAll(services);

    // The web layer's settings, checked alike by the API and every management command.
    public static IServiceCollection AddSettingsChecks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<CorsSettings>().BindSection(configuration.GetSection(CorsSettings.SectionName));
        services.AddValidatedOptions<ForwardedHeadersSettings>().Configure(settings => settings.Read(configuration.GetSection(ForwardedHeadersSettings.SectionName)));
        services.AddValidatedOptions<TelemetryOptions>().Configure(o => o.OtlpEndpoint = configuration[TelemetrySetup.EndpointSetting]);
        services.AddValidatedOptions<HttpSettings>().BindSection(configuration.GetSection(HttpSettings.SectionName));
        services.AddValidatedOptions<RateLimitingOptions>().BindSection(configuration.GetSection(RateLimitingOptions.SectionName));
        services.AddValidatedOptions<RedisSettings>().BindSection(configuration.GetSection(RedisSettings.SectionName));
        services.AddValidatedOptions<KestrelLimitsCheck>().BindSection(configuration.GetSection(KestrelSetup.LimitsSection));
        var logLevels = LogLevelSettings.Read(configuration);
        services.AddValidatedOptions<LogLevelSettings>().Configure(o => o.Levels.AddRange(logLevels.Levels));
        return services;
    }

    public static void LogWarnings(IServiceProvider services, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(environment);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Agentsgt.Startup");
        var signer = services.GetRequiredService<LiveKitTokenSigner>();
        if (signer.Problem is not null)
        {
            LogLiveKitUnavailable(logger, signer.Problem);
        }

        var liveKit = services.GetRequiredService<IOptions<LiveKitOptions>>().Value;
        if (!environment.IsDevelopment() && signer.IsConfigured && liveKit.ApiSecret!.Length < LiveKitOptions.RecommendedMinSecretLength)
        {
            LogWeakLiveKitSecret(logger, LiveKitOptions.RecommendedMinSecretLength);
        }

        if (services.GetRequiredService<IOptions<ApiKeyHashingOptions>>().Value.UsesGeneratedDevelopmentPepper)
        {
            LogGeneratedPepper(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voice chat is not available: {Problem} The token endpoint answers config_error until this is fixed.")]
    private static partial void LogLiveKitUnavailable(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The LiveKit API secret is shorter than {MinLength} characters; use a long random secret in production.")]
    private static partial void LogWeakLiveKitSecret(ILogger logger, int minLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No API key pepper is configured; using one generated for this process (Development only). Keys created now stop working at restart.")]
    private static partial void LogGeneratedPepper(ILogger logger);
}
