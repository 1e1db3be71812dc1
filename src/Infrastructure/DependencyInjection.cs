using Agentsgt.Infrastructure.LiveKit;
using Agentsgt.Infrastructure.Persistence.Repositories;
using Agentsgt.Infrastructure.Security;
using Agentsgt.Infrastructure.Sessions;
using Microsoft.Extensions.Configuration;

namespace Agentsgt.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        // The web host registers metrics itself; the CLI's container needs them for the session ledger too.
        services.AddMetrics();
        services.AddValidatedOptions<DatabaseOptions>()
            .BindSection(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(o => o.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName));

        // One pool per process, bounded by Database:* (docs/security.md, "Limits and time bounds"):
        // EF Core runs on it, and so does anything that asks for the NpgsqlDataSource.
        services.AddSingleton(provider => PersistenceSetup.CreateDataSource(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddDbContextPool<AgentsgtDbContext>((provider, options) =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            PersistenceSetup.Configure(options, provider.GetRequiredService<NpgsqlDataSource>(), database.CommandTimeoutSeconds);
        });
        services.AddScoped<IApiKeyRepository, ApiKeyRepository>();
        services.AddScoped<IAgentRepository, AgentRepository>();
        services.AddScoped<IOrganizationRepository, OrganizationRepository>();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton<PublishableKeyChanges>();
        services.AddHostedService<PublishableKeyChangeListener>();

        services.AddSingleton<LastUsedAtWriter>();
        services.AddSingleton<IKeyUsageRecorder>(provider => provider.GetRequiredService<LastUsedAtWriter>());
        services.AddHostedService(provider => provider.GetRequiredService<LastUsedAtWriter>());

        services.AddValidatedOptions<ApiKeyHashingOptions>()
            .BindSection(configuration.GetSection(ApiKeyHashingOptions.SectionName))
            .PostConfigure(o =>
            {
                // Development only: a pepper for this process, so a first run needs no set-up.
                if (o.Peppers.Count == 0 && environment.IsDevelopment())
                {
                    o.Peppers["dev"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    o.CurrentPepperId = "dev";
                    o.UsesGeneratedDevelopmentPepper = true;
                }
            });
        services.AddSingleton<ISecretHasher, HmacSecretHasher>();
        services.AddSingleton<IVisitorResumeTokens, VisitorResumeTokens>();
        services.AddSingleton<ISessionCursors, SessionCursors>();

        services.AddOptions<LiveKitOptions>().Configure(o =>
        {
            configuration.GetSection(LiveKitOptions.SectionName).Bind(o);
            o.Url = FirstSet(o.Url, configuration["LIVEKIT_URL"]);
            o.ApiKey = FirstSet(o.ApiKey, configuration["LIVEKIT_API_KEY"]);
            o.ApiSecret = FirstSet(o.ApiSecret, configuration["LIVEKIT_API_SECRET"]);
        });
        services.AddSingleton<LiveKitTokenSigner>();
        services.AddSingleton<ILiveKitTokenSigner>(provider => provider.GetRequiredService<LiveKitTokenSigner>());
        services.AddSingleton<ILiveKitWebhookVerifier, LiveKitWebhookVerifier>();

        // Sessions: capped tokens reserve in the database; uncapped ones are written behind.
        services.AddValidatedOptions<SessionsOptions>().BindSection(configuration.GetSection(SessionsOptions.SectionName));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<SessionsOptions>>().Value.ToPolicy());
        services.AddScoped<ISessionRepository, SessionRepository>();
        services.AddSingleton<SessionReservationQueue>();
        services.AddSingleton<SessionWriter>();
        services.AddSingleton<ISessionRecorder>(provider => provider.GetRequiredService<SessionWriter>());
        services.AddHostedService(provider => provider.GetRequiredService<SessionWriter>());
        services.AddHostedService<ActiveSessionsGauge>();

        // RoomService calls: their own named client (bounded attempts, no per-call log lines: the client logs outages once).
        services.AddHttpClient(LiveKitRoomServiceClient.HttpClientName, http =>
            {
                http.Timeout = LiveKitRoomServiceClient.AttemptTimeout;
                http.MaxResponseContentBufferSize = LiveKitRoomServiceClient.MaxAnswerBytes;
            })
            .RemoveAllLoggers();
        services.AddSingleton<LiveKitRoomServiceClient>();
        services.AddSingleton<ILiveKitRoomService>(provider => provider.GetRequiredService<LiveKitRoomServiceClient>());

        // Duration caps, never-joined tokens, reconciliation and retention: on one instance at a time.
        services.AddSessionEnforcement();

        return services;
    }

    private static string? FirstSet(string? preferred, string? fallback) =>
        string.IsNullOrWhiteSpace(preferred) ? fallback : preferred;
}
