namespace Agentsgt.Api.Cli;

/// <summary>
/// Where a management command takes its configuration from. From the process: appsettings*.json
/// beside the binary, then environment variables, like the web API. Tests add
/// <see cref="Settings"/> and <see cref="ConfigureServices"/> to run commands in-process.
/// </summary>
public sealed class CliHostSettings
{
    public string EnvironmentName { get; init; } = Environments.Production;

    public string ContentRootPath { get; init; } = AppContext.BaseDirectory;

    public bool UseEnvironmentVariables { get; init; } = true;

    /// <summary>Configuration entries that win over files and environment variables.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Runs after the application's own registrations, e.g. to replace the clock.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The process's environment name, as the web API reads it (Production when unset).</summary>
    public static CliHostSettings FromProcess() => new()
    {
        EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                          ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                          ?? Environments.Production,
    };
}
