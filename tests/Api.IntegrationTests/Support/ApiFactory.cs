using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>
/// The real API (every middleware, MVC, EF Core) on a fresh, migrated PostgreSQL database.
/// Settings go in as configuration, exactly as an operator would set them.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string LiveKitUrl = "wss://agentsgt-test.livekit.cloud";
    public const string LiveKitApiKey = "APItestkey";
    public const string LiveKitApiSecret = "test-livekit-secret-that-is-long-enough-0123456789";
    public const string Pepper = "test-pepper-test-pepper-test-pepper-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly LogCapture? _logs;
    private readonly Action<IServiceCollection>? _services;

    private ApiFactory(string connectionString, IDictionary<string, string?>? overrides, LogCapture? logs = null, Action<IServiceCollection>? services = null)
    {
        ConnectionString = connectionString;
        _logs = logs;
        _services = services;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Agentsgt"] = connectionString,
            ["ApiKeys:Peppers:test"] = Pepper,
            ["ApiKeys:CurrentPepperId"] = "test",
            ["LiveKit:Url"] = LiveKitUrl,
            ["LiveKit:ApiKey"] = LiveKitApiKey,
            ["LiveKit:ApiSecret"] = LiveKitApiSecret,
            // A fixture's requests all come from one address (none in process, 127.0.0.1 on
            // Kestrel) and share one failed-auth budget; FailedAuthenticationThrottleTests set their own.
            ["RateLimiting:FailedAuthPerAddressTokenLimit"] = "1000",
            // Most tests want a fast start and count statements or metrics; WarmupTests turn it on.
            ["Warmup:Enabled"] = "false",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string ConnectionString { get; }

    /// <summary>The configuration this factory's API runs with (management commands reuse it).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>
    /// A factory on its own new database, migrated unless <paramref name="migrate"/> is false;
    /// <paramref name="overrides"/> replace settings. The database is on the shared server unless
    /// <paramref name="server"/> is given (a test that stops its server must own it);
    /// <paramref name="logs"/> receives every log line at Trace level; <paramref name="services"/> adds to the app's services.
    /// </summary>
    public static async Task<ApiFactory> CreateAsync(
        string name,
        IDictionary<string, string?>? overrides = null,
        Tests.Support.PostgresServer? server = null,
        LogCapture? logs = null,
        bool migrate = true,
        Action<IServiceCollection>? services = null)
    {
        server ??= await Tests.Support.SharedPostgres.GetAsync();
        var connectionString = await server.CreateDatabaseAsync(name);
        var factory = new ApiFactory(connectionString, overrides, logs, services);
        if (migrate)
        {
            await using var db = factory.NewDbContext();
            await db.Database.MigrateAsync();
        }

        return factory;
    }

    /// <summary>Another API on an existing, migrated database, e.g. with different peppers.</summary>
    public static ApiFactory OnDatabase(string connectionString, IDictionary<string, string?>? overrides = null) =>
        new(connectionString, overrides);

    /// <summary>A factory whose database is unreachable (nothing listens on the port).</summary>
    public static ApiFactory WithUnreachableDatabase(IDictionary<string, string?>? overrides = null, LogCapture? logs = null) =>
        new($"Host=127.0.0.1;Port={FreePort()};Database=none;Username=postgres;Timeout=2;Command Timeout=2", overrides, logs);

    /// <summary>A factory whose database is <paramref name="connectionString"/>, used as is (not created or migrated).</summary>
    public static ApiFactory WithConnectionString(string connectionString, IDictionary<string, string?>? overrides = null) =>
        new(connectionString, overrides);

    public AgentsgtDbContext NewDbContext()
    {
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, ConnectionString);
        return new AgentsgtDbContext(options.Options);
    }

    /// <summary>Creates an organization with one agent and one active key; returns the ids and key pair.</summary>
    public async Task<TestTenant> CreateTenantAsync(DateTimeOffset? keyExpiresAt = null)
    {
        var now = DateTimeOffset.UtcNow;
        var organization = new Organization(Guid.NewGuid(), "Org " + Guid.NewGuid().ToString("N")[..6], now);
        var agent = new Agent(Guid.NewGuid(), organization.Id, "Agent", now);
        await using var db = NewDbContext();
        db.Organizations.Add(organization);
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        var tenant = new TestTenant(organization.Id, agent.Id, null!, Guid.Empty);
        var (keyId, credentials) = await AddKeyAsync(organization.Id, keyExpiresAt);
        return tenant with { Credentials = credentials, ApiKeyId = keyId };
    }

    public async Task<(Guid KeyId, ApiKeyCredentials Credentials)> AddKeyAsync(Guid organizationId, DateTimeOffset? expiresAt = null)
    {
        var credentials = ApiKeyCredentials.Generate();
        var hasher = new HmacSecretHasher(Options.Create(HashingOptions()));
        var key = new ApiKey(Guid.NewGuid(), organizationId, "test", credentials.PublicKey, hasher.Hash(credentials.Secret), hasher.CurrentPepperId, DateTimeOffset.UtcNow, expiresAt);
        await using var db = NewDbContext();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return (key.Id, credentials);
    }

    /// <summary>A publishable key (public part only) bound to <paramref name="origins"/> and, when given, to <paramref name="agentIds"/>.</summary>
    public async Task<(Guid KeyId, string PublicKey)> AddPublishableKeyAsync(Guid organizationId, IEnumerable<string> origins, IEnumerable<Guid>? agentIds = null, DateTimeOffset? expiresAt = null)
    {
        var key = ApiKey.CreatePublishable(Guid.NewGuid(), organizationId, "widget", ApiKeyCredentials.NewPublicKey(), origins, agentIds ?? [], DateTimeOffset.UtcNow, expiresAt);
        await using var db = NewDbContext();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return (key.Id, key.PublicKey);
    }

    public async Task<Guid> AddAgentAsync(Guid organizationId, bool deleted = false, string? liveKitAgentName = null)
    {
        var agent = new Agent(Guid.NewGuid(), organizationId, "Agent", DateTimeOffset.UtcNow);
        agent.SetLiveKitAgentName(liveKitAgentName);
        if (deleted)
        {
            agent.Delete(DateTimeOffset.UtcNow);
        }

        await using var db = NewDbContext();
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent.Id;
    }

    public async Task RevokeKeyAsync(Guid keyId)
    {
        await using var db = NewDbContext();
        var key = await db.ApiKeys.AsTracking().SingleAsync(k => k.Id == keyId);
        key.Revoke(DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// The key's stored <c>last_used_at</c>, after writing what the API holds pending (it is
    /// written behind; <see cref="StoredLastUsedAtAsync"/> reads the row as it is).
    /// </summary>
    public async Task<DateTimeOffset?> LastUsedAtAsync(Guid keyId)
    {
        await Services.GetRequiredService<LastUsedAtWriter>().FlushAsync();
        return await StoredLastUsedAtAsync(keyId);
    }

    /// <summary>The key's <c>last_used_at</c> as the row holds it now.</summary>
    public async Task<DateTimeOffset?> StoredLastUsedAtAsync(Guid keyId)
    {
        await using var db = NewDbContext();
        return await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.LastUsedAt).SingleAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_logs is not null)
        {
            var logs = _logs;
            // A rule for this provider wins over every category rule of appsettings.json.
            builder.ConfigureLogging(logging => logging.AddProvider(logs).AddFilter<LogCapture>(null, LogLevel.Trace));
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    private ApiKeyHashingOptions HashingOptions()
    {
        var options = new ApiKeyHashingOptions { CurrentPepperId = _settings["ApiKeys:CurrentPepperId"] };
        foreach (var (key, value) in _settings.Where(s => s.Key.StartsWith("ApiKeys:Peppers:", StringComparison.Ordinal)))
        {
            options.Peppers[key["ApiKeys:Peppers:".Length..]] = value!;
        }

        return options;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record TestTenant(Guid OrganizationId, Guid AgentId, ApiKeyCredentials Credentials, Guid ApiKeyId)
{
    public string Authorization => $"Bearer {Credentials.PublicKey}:{Credentials.Secret}";

    public string TokenPath(Guid? agentId = null) => $"/api/v1/agents/{agentId ?? AgentId}/livekit/token";

    public string TokenSourcePath(Guid? agentId = null) => $"/api/v1/agents/{agentId ?? AgentId}/livekit/token-source";
}
