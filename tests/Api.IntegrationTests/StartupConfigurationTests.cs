using System.Diagnostics;
using System.Globalization;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// The real executable started with environment variables only, as an operator would: bad
/// settings stop it at once with one clear line naming each of them, and no stack trace.
/// </summary>
public sealed class StartupConfigurationTests
{
    private const string Pepper = "startup-test-pepper-startup-test-pepper-0123";

    private static async Task<(int ExitCode, string StandardError)> RunApiAsync(Dictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Agentsgt.Api.dll"));
        foreach (var key in startInfo.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("LIVEKIT_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The service started instead of refusing its configuration.\n{await stdout}");
        }

        return (process.ExitCode, await stderr);
    }

    [Test]
    public async Task AMissingConnectionString_StopsTheServiceWithAClearError()
    {
        var (exitCode, stderr) = await RunApiAsync(new() { ["ApiKeys__Peppers__main"] = Pepper });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain("ConnectionStrings__Agentsgt"));
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task AnImpossibleFailedAuthenticationBudget_StopsTheServiceNamingIt()
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Database=unused",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["RateLimiting__FailedAuthPerAddressTokenLimit"] = "0",
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain("FailedAuthPerAddressTokenLimit"));
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    [TestCase("Redis__Instances", "0")]
    [TestCase("Redis__Instances", "three")]
    [TestCase("Redis__CallTimeoutMilliseconds", "0")]
    public async Task AnImpossibleSharedLimitSetting_StopsTheServiceNamingIt(string setting, string value)
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Database=unused",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["Redis__Configuration"] = "127.0.0.1:1",
            [setting] = value,
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain(setting.Replace("__", ":", StringComparison.Ordinal)));
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task EveryBadSetting_IsNamedInOneMessage()
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["Cors__AllowedOrigins__0"] = "https://*.agentsgt.com",
            ["Cors__AllowedOrigins__1"] = "https://app.agentsgt.com/",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317",
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("ConnectionStrings__Agentsgt")
            .And.Contain("ApiKeys")
            .And.Contain("Cors:AllowedOrigins:0")
            .And.Contain("Cors:AllowedOrigins:1")
            .And.Contain("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
    }

    [Test]
    public async Task RateLimitAndDatabaseSettings_AreNamedInTheSameMessageAsEveryOtherBadSetting()
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["Database__CommandTimeoutSeconds"] = "0",
            ["RateLimiting__PerKeyTokenLimit"] = "0",
            ["Cors__PublishableOriginsRefreshSeconds"] = "0",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317",
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:")
            .And.Contain("Database:CommandTimeoutSeconds")
            .And.Contain("ApiKeys")
            .And.Contain("PerKeyTokenLimit")
            .And.Contain("Cors:PublishableOriginsRefreshSeconds")
            .And.Contain("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
    }

    [TestCase("ForwardedHeaders__KnownProxies", "10.0.0.1,not-an-ip", "ForwardedHeaders:KnownProxies: 'not-an-ip' is not an IP address")]
    [TestCase("ForwardedHeaders__KnownNetworks__0", "10.0.0.0/99", "ForwardedHeaders:KnownNetworks: '10.0.0.0/99' is not a CIDR block")]
    [TestCase("Http__RequestTimeoutSeconds", "0", "Http:RequestTimeoutSeconds (0) must be above 0 and at most 300")]
    [TestCase("Http__RequestTimeoutSeconds", "301", "Http:RequestTimeoutSeconds (301) must be above 0 and at most 300")]
    [TestCase("Kestrel__Limits__MaxConcurrentConnections", "-1", "Kestrel:Limits:MaxConcurrentConnections is out of range")]
    [TestCase("Sessions__JoinWindowSeconds", "0", "Sessions:JoinWindowSeconds must be 1–3600")]
    [TestCase("Sessions__DefaultMaxConcurrentSessions", "0", "Sessions:DefaultMaxConcurrentSessions must be at least 1, or empty for unlimited")]
    [TestCase("Sessions__RetentionDays", "3", "Sessions:RetentionDays must be 7–3650")]
    [TestCase("Warmup__MaxSeconds", "0", "Warmup:MaxSeconds must be between 1 and 300")]
    public async Task ProxyTimeoutAndKestrelSettings_AreCheckedWithTheOthers_InTheOneLine(string variable, string value, string problem)
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["RateLimiting__PerKeyTokenLimit"] = "0",
            [variable] = value,
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain(problem).And.Contain("PerKeyTokenLimit"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    [TestCase("RateLimiting__PerKeyTokenLimit", "ten", "RateLimiting:PerKeyTokenLimit must be a whole number")]
    [TestCase("Database__CommandTimeoutSeconds", "1.5", "Database:CommandTimeoutSeconds must be a whole number")]
    [TestCase("Http__RequestTimeoutSeconds", "soon", "Http:RequestTimeoutSeconds must be a number")]
    [TestCase("Cors__PublishableOriginsRefreshSeconds", "30s", "Cors:PublishableOriginsRefreshSeconds must be a whole number")]
    [TestCase("Kestrel__Limits__MaxRequestBodySize", "64k", "Kestrel:Limits:MaxRequestBodySize must be a whole number")]
    [TestCase("Sessions__DefaultMaxSessionSeconds", "an hour", "Sessions:DefaultMaxSessionSeconds must be a whole number")]
    [TestCase("Warmup__Enabled", "maybe", "Warmup:Enabled must be true or false")]
    public async Task AValueOfTheWrongType_IsNamedInTheOneLine_WithoutAStackTraceOrTheValue(string variable, string value, string problem)
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            [variable] = value,
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain(problem));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.Not.Contain("   at ").And.Not.Contain($"'{value}'"));
    }

    [Test]
    public async Task AnImpossibleRateLimit_StopsTheServiceWithAClearError()
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["RateLimiting__PerKeyTokenLimit"] = "0",
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain("PerKeyTokenLimit"));
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task ImpossiblePublishableKeyLimitsAndRefreshInterval_StopTheServiceWithAClearError()
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["RateLimiting__PublishablePerAddressTokenLimit"] = "0",
            ["RateLimiting__PublishablePerKeyReplenishmentSeconds"] = "0",
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain("PublishablePerAddressTokenLimit").And.Contain("PublishablePerKeyReplenishmentSeconds"));
    }

    [TestCase("0")]
    [TestCase("301")]
    public async Task AnOutOfRangeOriginRefreshInterval_StopsTheServiceWithAClearError(string seconds)
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["Cors__PublishableOriginsRefreshSeconds"] = seconds,
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain("Cors:PublishableOriginsRefreshSeconds"));
    }

    [Test]
    public async Task ImpossibleConnectionPoolSettings_StopTheServiceNamingEach()
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["Database__MaxPoolSize"] = "0",
            ["Database__ConnectionIdleLifetimeSeconds"] = "2",
            ["Database__ConnectionPruningIntervalSeconds"] = "10",
            ["Database__CancellationTimeoutSeconds"] = "0",
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:")
            .And.Contain("Database:MaxPoolSize must be 1–1000")
            .And.Contain("Database:ConnectionIdleLifetimeSeconds must be 1–3600 and at least Database:ConnectionPruningIntervalSeconds")
            .And.Contain("Database:CancellationTimeoutSeconds must be 1–60"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
    }

    [TestCase("", "it is empty")]
    [TestCase(",,", "it names no host")]
    [TestCase("redis.internal:6379,password=hunter2-secret,retries=3", "Keyword 'retries' is not supported")]
    public async Task AMalformedRedisConfiguration_StopsTheServiceWithAClearError_WithoutEchoingIt(string configuration, string problem)
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["Redis__Configuration"] = configuration,
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:").And.Contain("Redis:Configuration").And.Contain(problem));
        Assert.That(stderr, Does.Not.Contain("hunter2"));
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task AMalformedListenAddressAndAnUnknownLogLevel_AreNamedInTheOneLine_WithoutAStackTrace()
    {
        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["ASPNETCORE_URLS"] = "garbage",
            ["Logging__LogLevel__Default"] = "Verbose",
            ["RateLimiting__PerKeyTokenLimit"] = "0",
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: invalid configuration:")
            .And.Contain("ASPNETCORE_URLS (or --urls) must be URLs")
            .And.Contain("Logging:LogLevel:Default must be Trace, Debug, Information, Warning, Error, Critical or None")
            .And.Contain("PerKeyTokenLimit"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1), stderr);
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    [TestCase("ASPNETCORE_URLS", "http://127.0.0.1:{0}")]
    [TestCase("ASPNETCORE_HTTP_PORTS", "{0}")]
    public async Task APortAlreadyInUse_StopsTheServiceWithOneLine_WithoutAStackTrace(string variable, string format)
    {
        using var holder = new System.Net.Sockets.TcpListener(IPAddress.Any, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (exitCode, stderr) = await RunApiAsync(new()
        {
            ["ConnectionStrings__Agentsgt"] = "Host=127.0.0.1;Port=1;Database=none",
            ["ApiKeys__Peppers__main"] = Pepper,
            ["ASPNETCORE_URLS"] = string.Empty,
            [variable] = string.Format(CultureInfo.InvariantCulture, format, port),
        });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.Match($"^error: cannot listen on http://[^ ]+:{port}: another process is using that address.$"));
    }
}
