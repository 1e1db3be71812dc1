namespace Agentsgt.Api.Cors;

public sealed class CorsSettings : IValidatedOptions
{
    public const string SectionName = "Cors";

    public IList<string> AllowedOrigins { get; } = [];

    public const int MinRefreshSeconds = 1;
    public const int MaxRefreshSeconds = 300;

    public int PublishableOriginsRefreshSeconds { get; set; } = 30;

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
