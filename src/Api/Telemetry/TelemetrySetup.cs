using Agentsgt.Infrastructure.LiveKit;
using Agentsgt.Infrastructure.Sessions;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Agentsgt.Api.Telemetry;

/// <summary>
/// OpenTelemetry metrics and traces, exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (the SDK reads the other standard <c>OTEL_*</c> variables itself); nothing is collected
/// otherwise. Logs are JSON lines on the console outside Development.
/// </summary>
public static class TelemetrySetup
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";
    public const string DefaultServiceName = "agentsgt-voice-token";

    /// <summary>Npgsql's own ActivitySource and Meter: one span per SQL command, connection pool metrics.</summary>
    private const string NpgsqlSource = "Npgsql";

    public static IServiceCollection AddApiTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<ApiMetrics>();
        if (!IsExportEnabled(configuration))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration[ServiceNameSetting] is { Length: > 0 } name ? name : DefaultServiceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(ApiMetrics.MeterName, LastUsedAtWriter.MeterName, LiveKitRoomServiceClient.MeterName, SessionEnforcementMetrics.MeterName, NpgsqlSource)
                .AddOtlpExporter())
            .WithTracing(tracing => tracing
                // Probes every few seconds would drown the request traces.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddSource(NpgsqlSource)
                .AddOtlpExporter());
        return services;
    }

    public static bool IsExportEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration?[EndpointSetting]);

    /// <summary>
    /// JSON console logs outside Development, one object per line for log shippers, with the
    /// request's TraceId from the hosting scope. Request headers and bodies are never logged.
    /// </summary>
    public static ILoggingBuilder AddApiConsoleLogging(this ILoggingBuilder logging, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!environment.IsDevelopment())
        {
            logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return logging;
    }
}
