using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Agentsgt.Api.Requests;

// Describes the body as application/json without enforcing it: MVC's [Consumes] would answer 415 to an
// empty text/plain body, which JsonBodyModelBinder reads as {}.
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsonRequestBodyAttribute : Attribute, IFilterMetadata, IApiRequestMetadataProvider
{
    public const string ContentType = "application/json";

    public void SetContentTypes(MediaTypeCollection contentTypes)
    {
        ArgumentNullException.ThrowIfNull(contentTypes);
        contentTypes.Clear();
        contentTypes.Add(ContentType);
    }
}
