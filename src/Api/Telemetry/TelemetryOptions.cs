namespace Agentsgt.Api.Telemetry;

/// <summary>The one telemetry setting the service itself checks; the SDK reads the other OTEL_* variables.</summary>
public sealed class TelemetryOptions
{
    /// <summary><c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; export is off when it is empty.</summary>
    public string? OtlpEndpoint { get; set; }

    public bool IsValid() =>
        string.IsNullOrWhiteSpace(OtlpEndpoint)
        || (Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
