namespace Agentsgt.Api.Cors;

/// <summary>
/// Section <c>Cors</c>: the product front-end origins allowed to call the API from a browser.
/// None by default (no CORS headers at all). Exact origins only: no wildcard, no credentials.
/// </summary>
public sealed class CorsSettings
{
    public const string SectionName = "Cors";

    /// <summary>e.g. <c>https://app.agentsgt.com</c>: scheme, host and optional port, nothing else.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>One message per entry that is not an exact origin.</summary>
    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < AllowedOrigins.Count; i++)
        {
            var origin = AllowedOrigins[i];
            if (!IsExactOrigin(origin))
            {
                yield return $"Cors:AllowedOrigins:{i} ('{origin}') must be an exact origin such as https://app.example.com: http or https, a host, an optional port, no path, no wildcard.";
            }
        }
    }

    private static bool IsExactOrigin(string? origin) =>
        !string.IsNullOrWhiteSpace(origin)
        && !origin.Contains('*', StringComparison.Ordinal)
        && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && string.IsNullOrEmpty(uri.UserInfo)
        // GetLeftPart(Authority) is "scheme://host[:port]": anything more is a path, query or fragment.
        && string.Equals(uri.GetLeftPart(UriPartial.Authority), origin, StringComparison.OrdinalIgnoreCase);
}
