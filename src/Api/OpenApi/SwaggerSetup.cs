using Microsoft.OpenApi;

namespace Agentsgt.Api.OpenApi;

public static class SwaggerSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/v1/swagger.json";
    public const string SecuritySchemeName = "Bearer";

    public static IServiceCollection AddApiSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "AgentsGT voice-token API",
                Version = DocumentName,
                Description = """
                    Short-lived LiveKit access tokens for talking to AgentsGT agents by voice.

                    **To try it:** click **Authorize**, paste your key pair as `pk_…:sk_…` (without the word
                    Bearer) and close the dialog; open the token operation, click **Try it out**, enter your
                    agent's id and **Execute**. Every error is JSON `{"error", "message"}`; the examples under
                    each status code are the exact bodies this service sends.

                    The secret (`sk_…`) belongs on your server: call this API from your backend and hand the
                    browser only the returned token.
                    """,
            });

            // Swagger UI's Authorize dialog then sends "Authorization: Bearer <what the user typed>".
            swagger.AddSecurityDefinition(SecuritySchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "pk_…:sk_…",
                Description = "Your API key pair as `pk_…:sk_…` (without the word Bearer).",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [],
            });

            // Descriptions come from XML docs: the API's (controller, requests, responses) and the Application's.
            foreach (var assembly in new[] { "Agentsgt.Api", "Agentsgt.Application" })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, assembly + ".xml");
                if (File.Exists(xml))
                {
                    swagger.IncludeXmlComments(xml, includeControllerXmlComments: true);
                }
            }

            // Non-nullable properties (token, error, …) are always present: say so in the schemas.
            swagger.SupportNonNullableReferenceTypes();
            swagger.NonNullableReferenceTypesAsRequired();
            swagger.SchemaFilter<IgnoredUnknownFieldsSchemaFilter>();
            swagger.OperationFilter<JsonRequestBodyOperationFilter>();
            swagger.OperationFilter<ContractExamplesOperationFilter>();
        });
        return services;
    }

    public static WebApplication UseApiSwagger(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint(DocumentPath, "AgentsGT voice-token API v1");
            ui.DocumentTitle = "AgentsGT voice-token API";
            ui.DisplayRequestDuration();
        });
        return app;
    }
}
