using Agentsgt.Api.Authentication;
using Agentsgt.Api.Cors;
using Agentsgt.Api.Health;
using Agentsgt.Api.OpenApi;
using Agentsgt.Api.Proxies;
using Agentsgt.Api.Timeouts;
using Agentsgt.Api.Warmup;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agentsgt.Api;

public static class DependencyInjection
{
    private static readonly TimeSpan MinShutdownTimeout = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddWebServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddControllers(mvc =>
            {
                mvc.ModelBinderProviders.Insert(0, new JsonBodyModelBinderProvider());

                // This API has no forms: without these, a form content type would be read (and the
                // body consumed) before our binder could answer 415.
                mvc.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            })
            .AddJsonOptions(json => json.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, TokenEndpointJsonContext.Default))
            .ConfigureApiBehaviorOptions(api =>
            {
                // Our pipeline answers bad input with the contract's errors, not MVC's ProblemDetails.
                api.SuppressModelStateInvalidFilter = true;
                api.SuppressMapClientErrors = true;
            });

        services.AddKestrelDetailGuard();
        // A lone scheme would become the default and run the key check on every route: health probes
        // would count as failed logins. Only [Authorize(AuthenticationSchemes)] endpoints authenticate.
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddTransient<Microsoft.AspNetCore.Authorization.Policy.PolicyEvaluator>();
        services.Replace(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Authorization.Policy.IPolicyEvaluator, ApiKeyPolicyEvaluator>());
        services.AddApiRateLimiting(configuration);
        services.AddApiCors();
        services.AddTrustedForwardedHeaders();
        services.AddApiRequestTimeouts();

        services.AddSingleton<DatabaseOutageLog>();
        // A graceful stop drains Kestrel, then writes the pending last_used_at times (one statement,
        // bounded by Database:CommandTimeoutSeconds): leave room for both whatever the default.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = host.ShutdownTimeout < MinShutdownTimeout ? MinShutdownTimeout : host.ShutdownTimeout);

        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddAutoMapper(_ => { }, typeof(DependencyInjection).Assembly);
        services.AddProblemDetails();

        services.AddApiSwagger();
        services.AddApiHealthChecks();
        services.AddApiTelemetry(configuration);
        services.AddTokenPathWarmup(configuration);

        return services;
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // First: everything after it (rate limits, logs) sees the real client address.
        app.UseTrustedForwardedHeaders();
        app.UseWarmupRequestsUncounted();
        app.UseExceptionHandler();
        app.UseApiStatusCodeResponses();
        app.Use((context, next) =>
        {
            if (ApiErrorWriter.IsApiPath(context))
            {
                ApiErrorWriter.NoStore(context.Response);
                context.Response.Headers.XContentTypeOptions = "nosniff";
            }

            return next(context);
        });

        app.UseApiSwagger();

        app.UseRouting();
        app.UseApiCors();
        // After routing (it reads endpoint metadata), before authentication's database calls.
        app.UseRequestTimeouts();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiterOutsideWarmup();
        app.MapControllers();
        app.MapApiHealthChecks();
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
        return app;
    }
}
