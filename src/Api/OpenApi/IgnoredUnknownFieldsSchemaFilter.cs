using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Agentsgt.Api.OpenApi;

// The contract ignores unknown fields; additionalProperties: false would tell client generators they are forbidden.
public sealed class IgnoredUnknownFieldsSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Type == typeof(IssueVoiceTokenRequest) && schema is OpenApiSchema concrete)
        {
            concrete.AdditionalPropertiesAllowed = true;
        }
    }
}
