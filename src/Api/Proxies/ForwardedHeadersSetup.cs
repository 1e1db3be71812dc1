using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Agentsgt.Api.Proxies;

/// <summary>
/// The client address behind a reverse proxy. <c>X-Forwarded-For</c> is honoured only from the
/// proxies listed in <c>ForwardedHeaders:KnownProxies</c> (IP addresses) or
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR blocks); with neither set the middleware is not
/// added and the header is ignored. (ASP.NET Core trusts every sender when both lists are
/// empty, so "nothing configured" must mean "no middleware", not "empty lists".)
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string SectionName = "ForwardedHeaders";

    public static IServiceCollection AddTrustedForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var proxies = Values(section.GetSection("KnownProxies")).Select(ParseProxy).ToList();
        var networks = Values(section.GetSection("KnownNetworks")).Select(ParseNetwork).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One hop: the address our own proxy appended, not what the client claimed before it.
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        services.AddSingleton(new TrustedProxies(proxies.Count + networks.Count > 0));
        return services;
    }

    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.ApplicationServices.GetRequiredService<TrustedProxies>().Any ? app.UseForwardedHeaders() : app;
    }

    // Both "a,b" (one environment variable) and an array (appsettings.json, __0/__1 variables).
    private static IEnumerable<string> Values(IConfigurationSection section) =>
        new[] { section.Value }.Concat(section.GetChildren().Select(child => child.Value))
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static IPAddress ParseProxy(string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"{SectionName}:KnownProxies: '{value}' is not an IP address.");

    private static System.Net.IPNetwork ParseNetwork(string value) =>
        System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new InvalidOperationException($"{SectionName}:KnownNetworks: '{value}' is not a CIDR block such as 10.0.0.0/8.");

    private sealed record TrustedProxies(bool Any);
}
