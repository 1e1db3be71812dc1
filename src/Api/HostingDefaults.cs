namespace Agentsgt.Api;

/// <summary>Host defaults that suit a published service better than the framework's.</summary>
public static class HostingDefaults
{
    /// <summary>
    /// The app's own folder unless a content root is given (argument or ASPNETCORE_/DOTNET_CONTENTROOT):
    /// the framework's default is the working directory, so <c>dotnet /srv/app/Agentsgt.Api.dll</c>
    /// started elsewhere would silently skip its appsettings.json.
    /// </summary>
    public static string? ContentRoot(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var given = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
                    || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
                    || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        return given ? null : AppContext.BaseDirectory;
    }
}
