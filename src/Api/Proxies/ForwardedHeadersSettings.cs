using System.Net;

namespace Agentsgt.Api.Proxies;

/// <summary>
/// Section <c>ForwardedHeaders</c>: the reverse proxies trusted to set the client address, as IP
/// addresses (<c>KnownProxies</c>) or CIDR blocks (<c>KnownNetworks</c>). Each accepts an array
/// (appsettings.json, <c>__0</c>/<c>__1</c> variables) or one comma-separated value (one
/// environment variable), so it is read by <see cref="Read"/>, not by the binder.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatedOptions
{
    public const string SectionName = "ForwardedHeaders";

    public List<string> KnownProxies { get; } = [];

    public List<string> KnownNetworks { get; } = [];

    /// <summary>True when any proxy is trusted: only then is <c>X-Forwarded-For</c> read at all.</summary>
    public bool TrustsAnyProxy => KnownProxies.Count + KnownNetworks.Count > 0;

    public IEnumerable<IPAddress> Proxies => KnownProxies.Select(IPAddress.Parse);

    public IEnumerable<System.Net.IPNetwork> Networks => KnownNetworks.Select(n => System.Net.IPNetwork.Parse(n));

    public void Read(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        KnownProxies.AddRange(Values(section.GetSection(nameof(KnownProxies))));
        KnownNetworks.AddRange(Values(section.GetSection(nameof(KnownNetworks))));
    }

    public IEnumerable<string> Problems() =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"{SectionName}:KnownProxies: '{p}' is not an IP address.")
            .Concat(KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                .Select(n => $"{SectionName}:KnownNetworks: '{n}' is not a CIDR block such as 10.0.0.0/8."));

    private static IEnumerable<string> Values(IConfigurationSection section) =>
        new[] { section.Value }.Concat(section.GetChildren().Select(child => child.Value))
            .SelectMany(value => (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
