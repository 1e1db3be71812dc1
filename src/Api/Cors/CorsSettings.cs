namespace Agentsgt.Api.Cors;

/// <summary>
/// Section <c>Cors</c>: the product front-end origins allowed to call the API from a browser.
/// None by default (no CORS headers at all). Exact origins only: no wildcard, no credentials.
/// Separately, the token endpoints answer preflights from the origins that active publishable
/// keys allow, read from the database at most every <see cref="PublishableOriginsRefreshSeconds"/>.
/// </summary>
public sealed class CorsSettings : IValidatedOptions
{
    public const string SectionName = "Cors";

    /// <summary>e.g. <c>https://app.agentsgt.com</c>: scheme, host and optional port, nothing else.</summary>
    public IList<string> AllowedOrigins { get; } = [];

    public const int MinRefreshSeconds = 1;
    public const int MaxRefreshSeconds = 300;

    /// <summary>
    /// How stale the cached set of publishable-key origins may get (seconds, 1–300): a new or
    /// revoked key's origin starts or stops passing preflights within this time. Token requests
    /// themselves always check the key in the database.
    /// </summary>
    public int PublishableOriginsRefreshSeconds { get; set; } = 30;

    /// <summary>One message per entry that is not an exact origin, and per impossible setting.</summary>
    public IEnumerable<string> Problems()
    {
        if (PublishableOriginsRefreshSeconds is < MinRefreshSeconds or > MaxRefreshSeconds)
        {
            yield return $"Cors:PublishableOriginsRefreshSeconds ({PublishableOriginsRefreshSeconds}) must be between {MinRefreshSeconds} and {MaxRefreshSeconds}.";
        }

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
