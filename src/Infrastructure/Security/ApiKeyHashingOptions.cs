namespace Agentsgt.Infrastructure.Security;

public sealed class ApiKeyHashingOptions : IValidatedOptions
{
    public const string SectionName = "ApiKeys";
    public const int MinPepperLength = 32;

    public string? CurrentPepperId { get; set; }

    public Dictionary<string, string> Peppers { get; } = new(StringComparer.Ordinal);

    // Set when no pepper was configured in Development and one was made up for this process.
    public bool UsesGeneratedDevelopmentPepper { get; set; }

    public string? ResolveCurrentPepperId() =>
        !string.IsNullOrWhiteSpace(CurrentPepperId) ? CurrentPepperId
        : Peppers.Count == 1 ? Peppers.Keys.First()
        : null;

    public IEnumerable<string> Problems()
    {
        if (Peppers.Count == 0)
        {
            yield return "No API key pepper is configured: set ApiKeys__Peppers__1 (at least 32 random characters) and ApiKeys__CurrentPepperId=1.";
            yield break;
        }

        foreach (var (id, pepper) in Peppers)
        {
            if (string.IsNullOrEmpty(pepper) || pepper.Length < MinPepperLength)
            {
                yield return $"API key pepper '{id}' is shorter than {MinPepperLength} characters.";
            }

            if (id.Length is 0 or > 32)
            {
                yield return $"API key pepper id '{id}' must be 1–32 characters.";
            }
        }

        var current = ResolveCurrentPepperId();
        if (current is null)
        {
            yield return "Several API key peppers are configured: set ApiKeys__CurrentPepperId to the one new keys use.";
        }
        else if (!Peppers.ContainsKey(current))
        {
            yield return $"ApiKeys:CurrentPepperId '{current}' names no configured pepper.";
        }
    }
}
