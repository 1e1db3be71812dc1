namespace Agentsgt.Infrastructure.LiveKit;

/// <summary>
/// Configuration section <c>LiveKit</c> (<c>Url</c>, <c>ApiKey</c>, <c>ApiSecret</c>); each value
/// missing there is taken from LiveKit's conventional <c>LIVEKIT_URL</c>, <c>LIVEKIT_API_KEY</c>,
/// <c>LIVEKIT_API_SECRET</c>. Missing or invalid values are not a start-up error: the token
/// endpoint answers <c>config_error</c> instead.
/// </summary>
public sealed class LiveKitOptions
{
    public const string SectionName = "LiveKit";

    /// <summary>LiveKit warns about secrets shorter than this; so do we, outside Development.</summary>
    public const int RecommendedMinSecretLength = 32;

    public string? Url { get; set; }

    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    /// <summary>Null when usable, else every reason why not in one sentence each (never containing the secret).</summary>
    public string? DescribeProblem()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Url))
        {
            problems.Add("LiveKit URL is not set (LiveKit__Url or LIVEKIT_URL).");
        }
        else if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != "ws" && uri.Scheme != "wss"))
        {
            problems.Add("LiveKit URL must be an absolute ws:// or wss:// URL.");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add("LiveKit API key is not set (LiveKit__ApiKey or LIVEKIT_API_KEY).");
        }

        if (string.IsNullOrEmpty(ApiSecret))
        {
            problems.Add("LiveKit API secret is not set (LiveKit__ApiSecret or LIVEKIT_API_SECRET).");
        }

        return problems.Count == 0 ? null : string.Join(' ', problems);
    }
}
