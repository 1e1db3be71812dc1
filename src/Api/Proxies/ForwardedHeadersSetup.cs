using Microsoft.AspNetCore.HttpOverrides;

namespace Agentsgt.Api.Proxies;

public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTrustedForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One hop: the address our own proxy appended, not what the client claimed before it.
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.Proxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in settings.Value.Networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.TrustsAnyProxy ? app.UseForwardedHeaders() : app;
    }
}
