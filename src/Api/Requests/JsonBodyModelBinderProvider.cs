using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agentsgt.Api.Requests;

/// <summary>Uses <see cref="JsonBodyModelBinder"/> for every body-bound parameter of this API.</summary>
public sealed class JsonBodyModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.BindingInfo.BindingSource == BindingSource.Body ? new JsonBodyModelBinder() : null;
    }
}
