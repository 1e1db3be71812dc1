namespace Agentsgt.Api.Timeouts;

public sealed class HttpSettings : IValidatedOptions
{
    public const string SectionName = "Http";
    public const double MaxRequestTimeoutSeconds = 300;

    public double RequestTimeoutSeconds { get; set; } = 10;

    public IEnumerable<string> Problems()
    {
        if (RequestTimeoutSeconds is <= 0 or > MaxRequestTimeoutSeconds || double.IsNaN(RequestTimeoutSeconds))
        {
            yield return $"Http:RequestTimeoutSeconds ({RequestTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}) must be above 0 and at most {MaxRequestTimeoutSeconds}.";
        }
    }
}
