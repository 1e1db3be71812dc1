using System.Security.Cryptography;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.LiveKit;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Persistence.Repositories;
using Agentsgt.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Agentsgt.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructureServices(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        services.AddOptions<DatabaseOptions>()
            .Configure(o =>
            {
                configuration.GetSection(DatabaseOptions.SectionName).Bind(o);
                o.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "ConnectionStrings:Agentsgt is not set (environment variable ConnectionStrings__Agentsgt).")
            .Validate(o => o.CommandTimeoutSeconds is >= 1 and <= 300, "Database:CommandTimeoutSeconds must be 1–300.")
            .Validate(o => o.ConnectTimeoutSeconds is >= 1 and <= 300, "Database:ConnectTimeoutSeconds must be 1–300.")
            .Validate(o => o.LastUsedAtFlushSeconds is >= 0.1 and <= 10, "Database:LastUsedAtFlushSeconds must be 0.1–10.")
            .Validate(o => o.LastUsedAtMaxPendingKeys is >= 1 and <= 10_000_000, "Database:LastUsedAtMaxPendingKeys must be 1–10000000.")
            .ValidateOnStart();

        // One data source (one pool) for EF Core and the token path's hand-written statements.
        services.AddSingleton(provider => PersistenceSetup.CreateDataSource(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddDbContextPool<AgentsgtDbContext>((provider, options) =>
            PersistenceSetup.Configure(options, provider.GetRequiredService<NpgsqlDataSource>(), provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.CommandTimeoutSeconds));
        services.AddScoped<IApiKeyRepository, ApiKeyRepository>();
        services.AddScoped<IAgentRepository, AgentRepository>();
        services.AddScoped<IOrganizationRepository, OrganizationRepository>();
        services.AddScoped<DemoSeeder>();

        // last_used_at, written behind: recorded in memory per request, flushed by this hosted service.
        services.AddSingleton<LastUsedAtWriter>();
        services.AddSingleton<IKeyUsageRecorder>(provider => provider.GetRequiredService<LastUsedAtWriter>());
        services.AddHostedService(provider => provider.GetRequiredService<LastUsedAtWriter>());

        services.AddOptions<ApiKeyHashingOptions>()
            .Bind(configuration.GetSection(ApiKeyHashingOptions.SectionName))
            .PostConfigure(o =>
            {
                // Development only: a pepper for this process, so a first run needs no set-up.
                if (o.Peppers.Count == 0 && environment.IsDevelopment())
                {
                    o.Peppers["dev"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    o.CurrentPepperId = "dev";
                    o.UsesGeneratedDevelopmentPepper = true;
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyHashingOptions>, ApiKeyHashingOptionsValidator>();
        services.AddSingleton<ISecretHasher, HmacSecretHasher>();

        services.AddOptions<LiveKitOptions>().Configure(o =>
        {
            configuration.GetSection(LiveKitOptions.SectionName).Bind(o);
            o.Url = FirstSet(o.Url, configuration["LIVEKIT_URL"]);
            o.ApiKey = FirstSet(o.ApiKey, configuration["LIVEKIT_API_KEY"]);
            o.ApiSecret = FirstSet(o.ApiSecret, configuration["LIVEKIT_API_SECRET"]);
        });
        services.AddSingleton<LiveKitTokenSigner>();
        services.AddSingleton<ILiveKitTokenSigner>(provider => provider.GetRequiredService<LiveKitTokenSigner>());

        return services;
    }

    private static string? FirstSet(string? preferred, string? fallback) =>
        string.IsNullOrWhiteSpace(preferred) ? fallback : preferred;

    /// <summary>Reports every pepper problem by name, not just "invalid".</summary>
    private sealed class ApiKeyHashingOptionsValidator : IValidateOptions<ApiKeyHashingOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiKeyHashingOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
