namespace Agentsgt.Api;

public static class HostingDefaults
{
    // The framework defaults to the working directory, so `dotnet /srv/app/Agentsgt.Api.dll` started elsewhere
    // would silently skip its appsettings.json.
    public static string? ContentRoot(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var given = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
                    || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
                    || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        return given ? null : AppContext.BaseDirectory;
    }
}
