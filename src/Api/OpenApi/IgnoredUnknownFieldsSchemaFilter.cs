using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Agentsgt.Api.OpenApi;

/// <summary>
/// The contract ignores unknown request fields; Swashbuckle would publish
/// <c>additionalProperties: false</c>, which tells client generators they are forbidden.
/// </summary>
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
