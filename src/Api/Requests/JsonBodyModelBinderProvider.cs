using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Agentsgt.Api.Requests;

public sealed class JsonBodyModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.BindingInfo.BindingSource == BindingSource.Body ? new JsonBodyModelBinder() : null;
    }
}
