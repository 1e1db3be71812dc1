using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Agentsgt.Api.Requests;

/// <summary>
/// Describes the body as <c>application/json</c> (API explorer and Swagger) without enforcing it:
/// <see cref="JsonBodyModelBinder"/> does that, and treats an empty body as <c>{}</c> whatever its
/// Content-Type. MVC's <c>[Consumes]</c> would answer 415 to an empty <c>text/plain</c> body first.
/// </summary>
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
