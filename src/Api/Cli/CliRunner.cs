using System.Globalization;
using Agentsgt.Application;
using Agentsgt.Infrastructure;
using Agentsgt.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Api.Cli;

/// <summary>
/// Management commands in the same executable as the API:
/// <c>db migrate</c>, <c>demo seed</c>. Exit codes: 0 success, 2 bad input, 1 infrastructure failure.
/// </summary>
public static class CliRunner
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    private const string Usage = """
        Usage: Agentsgt.Api [command]
          (no command)                         run the web API
          db migrate                           apply database migrations
          demo seed [--env-file PATH] [--api-url URL]
                                               create the demo organization, agent and API key
                                               (reusing the key in PATH when still valid) and
                                               write KEY=VALUE lines to PATH
        """;

    public static bool IsCliCommand(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (args)
        {
            case ["help" or "--help" or "-h", ..]:
                await Console.Out.WriteLineAsync(Usage).ConfigureAwait(false);
                return Success;
            case ["db", "migrate", .. var rest] when rest.Length == 0:
                return await RunWithServicesAsync(MigrateAsync).ConfigureAwait(false);
            case ["demo", "seed", .. var rest]:
                return TryParseOptions(rest, out var options, out var problem)
                    ? await RunWithServicesAsync((services, ct) => SeedDemoAsync(services, options, ct)).ConfigureAwait(false)
                    : await FailAsync(BadInput, problem).ConfigureAwait(false);
            default:
                return await FailAsync(BadInput, $"unknown command '{string.Join(' ', args)}'. Run with --help for the list.").ConfigureAwait(false);
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AgentsgtDbContext>();
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        await Console.Out.WriteLineAsync("Database is up to date.").ConfigureAwait(false);
        return Success;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider services, Dictionary<string, string> options, CancellationToken cancellationToken)
    {
        options.TryGetValue("--env-file", out var envFile);
        var apiUrl = options.GetValueOrDefault("--api-url", "http://localhost:5080").TrimEnd('/');
        var existing = envFile is not null && File.Exists(envFile) ? ReadEnvFile(envFile).GetValueOrDefault("API_KEY") : null;

        var seeded = await services.GetRequiredService<DemoSeeder>().SeedAsync(existing, cancellationToken).ConfigureAwait(false);
        var configuration = services.GetRequiredService<IConfiguration>();
        var lines = new[]
        {
            $"API_URL={apiUrl}",
            $"ORG_ID={seeded.OrganizationId:D}",
            $"AGENT_ID={seeded.AgentId:D}",
            $"API_KEY={seeded.PublicKey}:{seeded.Secret}",
            $"LIVEKIT_API_KEY={configuration["LIVEKIT_API_KEY"] ?? configuration["LiveKit:ApiKey"]}",
            $"LIVEKIT_API_SECRET={configuration["LIVEKIT_API_SECRET"] ?? configuration["LiveKit:ApiSecret"]}",
        };
        if (envFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(envFile))!);
            await File.WriteAllLinesAsync(envFile, lines, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(envFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        await Console.Out.WriteLineAsync(seeded.Created ? "Demo API key created." : "Demo API key reused.").ConfigureAwait(false);
        return Success;
    }

    private static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);

    private static bool TryParseOptions(string[] args, out Dictionary<string, string> options, out string problem)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        problem = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is not ("--env-file" or "--api-url"))
            {
                problem = $"unknown option '{args[i]}'";
                return false;
            }

            if (i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]))
            {
                problem = $"option '{args[i]}' needs a value";
                return false;
            }

            options[args[i]] = args[++i];
        }

        return true;
    }

    private static async Task<int> RunWithServicesAsync(Func<IServiceProvider, CancellationToken, Task<int>> command)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        ServiceProvider provider;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                                  ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                                  ?? Environments.Production,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Logging.ClearProviders();
            builder.Services.AddApplicationServices();
            builder.Services.AddInfrastructureServices(builder.Configuration, builder.Environment);
            provider = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
            StartupValidation.ValidateOptions(provider);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            return await FailAsync(BadInput, $"configuration: {ex.Message}").ConfigureAwait(false);
        }

        await using (provider.ConfigureAwait(false))
        {
            await using var scope = provider.CreateAsyncScope();
            try
            {
                return await command(scope.ServiceProvider, cancellation.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (Errors.ApiExceptionHandler.IsDatabaseUnavailable(ex))
            {
                return await FailAsync(Failure, "the database is unreachable; check ConnectionStrings__Agentsgt and that PostgreSQL is running.").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or DbUpdateException)
            {
                return await FailAsync(Failure, string.Create(CultureInfo.InvariantCulture, $"database error ({ex.GetType().Name}): {ex.Message}")).ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> FailAsync(int exitCode, string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return exitCode;
    }
}
