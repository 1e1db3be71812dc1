using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Agentsgt.Api.Hosting;

/// <summary>
/// Kestrel's limits, tighter than its defaults where this API's requests are small: a token
/// request is one short line, a few headers and at most 16 KiB of body. Requests over these
/// limits are refused by Kestrel itself, before the app runs (e.g. 431 for headers, 414 for the
/// request line), with an empty body. Each limit can be changed under <c>Kestrel:Limits</c>.
/// </summary>
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
