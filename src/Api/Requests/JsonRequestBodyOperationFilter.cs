using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Agentsgt.Api.Requests;

// The API explorer widens application/json to application/*+json; the binder accepts only the former.
public sealed class JsonRequestBodyOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var content = operation.RequestBody?.Content;
        if (content is null || !context.ApiDescription.ActionDescriptor.FilterDescriptors.Any(f => f.Filter is JsonRequestBodyAttribute))
        {
            return;
        }

        foreach (var other in content.Keys.Where(type => type != JsonRequestBodyAttribute.ContentType).ToList())
        {
            content.Remove(other);
        }
    }
}
