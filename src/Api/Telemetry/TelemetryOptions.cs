namespace Agentsgt.Api.Telemetry;

public sealed class TelemetryOptions : IValidatedOptions
{
    public string? OtlpEndpoint { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint)
            && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"{TelemetrySetup.EndpointSetting} must be an absolute http:// or https:// URL of an OTLP collector, e.g. http://otel-collector:4317.";
        }
    }
}
