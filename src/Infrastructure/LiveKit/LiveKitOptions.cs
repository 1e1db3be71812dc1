namespace Agentsgt.Infrastructure.LiveKit;

// Each value missing here is taken from LiveKit's LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.
public sealed class LiveKitOptions
{
    public const string SectionName = "LiveKit";

    // LiveKit warns about shorter secrets; so do we, outside Development.
    public const int RecommendedMinSecretLength = 32;

    public string? Url { get; set; }

    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    // Every reason at once, never containing the secret.
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
