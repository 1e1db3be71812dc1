using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Agentsgt.Domain.Rules;

// Normalized as browsers serialize an origin, so an allowed origin compares to the Origin header with ordinal equality.
public static class WebOriginRules
{
    public const int MaxLength = 253 + 16;

    public const string Rule = "an exact origin such as https://shop.example.com: http or https, a host, an optional port; no path (not even a trailing /), query, fragment, user info or wildcard";

    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? origin)
    {
        origin = null;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
        {
            return false;
        }

        // Everything after the scheme is the authority: any of these means more than an origin.
        var authority = value.AsSpan(separator + 3);
        if (authority.IsEmpty || authority.IndexOfAny("/?#@*\\%") >= 0 || authority.ContainsAny(" \t\r\n"))
        {
            return false;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.IdnHost)
            || uri.UserInfo.Length > 0)
        {
            return false;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        origin = uri.IsDefaultPort
            ? $"{uri.Scheme}://{host.ToLowerInvariant()}"
            : string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{host.ToLowerInvariant()}:{uri.Port}");
        return true;
    }
}
