using Agentsgt.Api.Authentication;
using Agentsgt.Api.Errors;
using Agentsgt.Api.Health;
using Agentsgt.Api.Logging;
using Agentsgt.Api.Proxies;
using Agentsgt.Api.RateLimiting;
using Agentsgt.Api.Requests;
using Agentsgt.Api.Timeouts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;

namespace Agentsgt.Api;

public static class DependencyInjection
{
    public static IServiceCollection AddWebServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddControllers(mvc =>
            {
                mvc.ModelBinderProviders.Insert(0, new JsonBodyModelBinderProvider());
                // No action takes form data: MVC must not read (or choke on) a form body before
                // the JSON binder sees it and answers 415.
                mvc.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            })
            .ConfigureApiBehaviorOptions(api =>
            {
                // Our pipeline answers bad input with the contract's errors, not MVC's ProblemDetails.
                api.SuppressModelStateInvalidFilter = true;
                api.SuppressMapClientErrors = true;
            });

        services.AddKestrelDetailGuard();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddApiRateLimiting(configuration);
        services.AddTrustedForwardedHeaders(configuration);
        services.AddApiRequestTimeouts(configuration);
        services.AddApiHealthChecks();

        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "AgentsGT voice-token API",
                Version = "v1",
                Description = "Short-lived LiveKit access tokens for talking to AgentsGT agents by voice.",
            });
            swagger.OperationFilter<JsonRequestBodyOperationFilter>();
            swagger.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "pk_…:sk_…",
                Description = "Your API key pair as `pk_…:sk_…` (without the word Bearer).",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("Bearer", document)] = [],
            });
            var xml = Path.Combine(AppContext.BaseDirectory, "Agentsgt.Api.xml");
            if (File.Exists(xml))
            {
                swagger.IncludeXmlComments(xml);
            }

            var applicationXml = Path.Combine(AppContext.BaseDirectory, "Agentsgt.Application.xml");
            if (File.Exists(applicationXml))
            {
                swagger.IncludeXmlComments(applicationXml);
            }
        });

        return services;
    }

    public static WebApplication UseWebPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // First: everything after it (rate limits, logs) sees the real client address.
        app.UseTrustedForwardedHeaders();
        app.UseExceptionHandler();
        app.UseApiStatusCodeResponses();
        app.Use((context, next) =>
        {
            if (ApiErrorWriter.IsApiPath(context))
            {
                // Tokens and errors alike are per-request answers: never cache them.
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers.XContentTypeOptions = "nosniff";
            }

            return next(context);
        });

        app.UseSwagger();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/swagger/v1/swagger.json", "AgentsGT voice-token API v1");
            ui.DocumentTitle = "AgentsGT voice-token API";
        });

        app.UseRouting();
        // After routing (it reads endpoint metadata), before authentication's database calls.
        app.UseRequestTimeouts();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapControllers();
        app.MapApiHealthChecks();
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
        return app;
    }
}
