namespace Agentsgt.Infrastructure.Security;

/// <summary>
/// Configuration section <c>ApiKeys</c>: the peppers API key secrets are hashed with.
/// <c>Peppers</c> maps an id to a pepper (at least 32 characters); <c>CurrentPepperId</c> names
/// the one new keys use (optional when there is exactly one). Older peppers stay listed so keys
/// hashed with them keep working.
/// </summary>
public sealed class ApiKeyHashingOptions : IValidatedOptions
{
    public const string SectionName = "ApiKeys";
    public const int MinPepperLength = 32;

    public string? CurrentPepperId { get; set; }

    public Dictionary<string, string> Peppers { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when no pepper was configured in Development and one was made up for this process.</summary>
    public bool UsesGeneratedDevelopmentPepper { get; set; }

    /// <summary>The id new hashes use: the configured one, or the only pepper there is.</summary>
    public string? ResolveCurrentPepperId() =>
        !string.IsNullOrWhiteSpace(CurrentPepperId) ? CurrentPepperId
        : Peppers.Count == 1 ? Peppers.Keys.First()
        : null;

    /// <summary>Every problem with this configuration, worded for an operator.</summary>
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
