namespace Agentsgt.Api.Cli;

public sealed class CliHostSettings
{
    public string EnvironmentName { get; init; } = Environments.Production;

    public string ContentRootPath { get; init; } = AppContext.BaseDirectory;

    public bool UseEnvironmentVariables { get; init; } = true;

    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public static CliHostSettings FromProcess() => new()
    {
        EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                          ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                          ?? Environments.Production,
    };
}
