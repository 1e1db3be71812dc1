namespace Agentsgt.Api.Telemetry;

/// <summary>The one telemetry setting the service itself checks; the SDK reads the other OTEL_* variables.</summary>
public sealed class TelemetryOptions : IValidatedOptions
{
    /// <summary><c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; export is off when it is empty.</summary>
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
