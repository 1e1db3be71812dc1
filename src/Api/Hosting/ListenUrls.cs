using System.Net;
using System.Net.Sockets;

namespace Agentsgt.Api.Hosting;

/// <summary>
/// The <c>urls</c> setting: a malformed address is named with the other settings, and a port another
/// process holds is found before the service starts, so neither fails inside Kestrel with a stack trace.
/// </summary>
public sealed class ListenUrls : IValidatedOptions
{
    public const string Setting = "urls";
    public const string HttpPortsSetting = "http_ports";

    public string? Value { get; set; }

    /// <summary><c>ASPNETCORE_HTTP_PORTS</c>: Kestrel's addresses when no URL is given.</summary>
    public string? HttpPorts { get; set; }

    private IEnumerable<string> Entries =>
        (Value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private IEnumerable<string> Listened => string.IsNullOrWhiteSpace(Value)
        ? (HttpPorts ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"http://*:{port}")
        : Entries;

    public IEnumerable<string> Problems() =>
        Entries.Where(url => Parse(url) is null).Select(_ => "ASPNETCORE_URLS (or --urls) must be URLs such as http://127.0.0.1:5080, separated by ';'.").Distinct();

    /// <summary>The first address another process already listens on, or null.</summary>
    public string? FirstTaken()
    {
        foreach (var url in Listened)
        {
            if (Parse(url) is not { Port: > 0 } address)
            {
                continue;
            }

            var ip = address.Host switch
            {
                "localhost" => IPAddress.Loopback,
                _ when IPAddress.TryParse(address.Host.Trim('[', ']'), out var literal) => literal,
                _ => IPAddress.Any,
            };
            var probe = new TcpListener(ip, address.Port);
            try
            {
                probe.Start();
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
            catch (SocketException)
            {
                // Not ours to judge (e.g. an address this host lacks): Kestrel's start says what is wrong.
            }
            finally
            {
                probe.Stop();
            }
        }

        return null;
    }

    private static BindingAddress? Parse(string url)
    {
        try
        {
            return BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
