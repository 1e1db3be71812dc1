using Agentsgt.Infrastructure.LiveKit;
using Agentsgt.Infrastructure.Security;

namespace Agentsgt.Api;

public static partial class StartupValidation
{
    public static void ValidateOptions(IServiceProvider services) => ValidatedOptions.ValidateAll(services);

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
