using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Agentsgt.Api.Hosting;

// Tighter than Kestrel's defaults: a token request is one short line, a few headers and at most 16 KiB of body.
public static class KestrelSetup
{
    public const int MaxRequestHeadersTotalSize = 16 * 1024;
    public const int MaxRequestHeaderCount = 50;
    public const int MaxRequestLineSize = 4 * 1024;
    public const long MaxRequestBodySize = 64 * 1024;
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    public const string LimitsSection = "Kestrel:Limits";

    public static IWebHostBuilder ConfigureApiKestrel(this IWebHostBuilder webHost) =>
        webHost
            .ConfigureKestrel((context, kestrel) =>
            {
                kestrel.AddServerHeader = false;
                var limits = kestrel.Limits;
                limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
                limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
                limits.MaxRequestLineSize = MaxRequestLineSize;
                // The body binder reads at most 16 KiB + 1 byte; this caps what Kestrel drains after a 413.
                limits.MaxRequestBodySize = MaxRequestBodySize;
                limits.RequestHeadersTimeout = RequestHeadersTimeout;
                try
                {
                    context.Configuration.GetSection(LimitsSection).Bind(limits);
                }
                catch (Exception exception) when (exception is InvalidOperationException or System.Reflection.TargetInvocationException)
                {
                    // The server is built before the start-up check runs; KestrelLimitsCheck names
                    // this value in that check's one line, and the service stops there.
                }
            });
}
