using System.Net;

namespace Agentsgt.Api.Proxies;

public sealed class ForwardedHeadersSettings : IValidatedOptions
{
    public const string SectionName = "ForwardedHeaders";

    public List<string> KnownProxies { get; } = [];

    public List<string> KnownNetworks { get; } = [];

    // Only then is X-Forwarded-For read at all.
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
