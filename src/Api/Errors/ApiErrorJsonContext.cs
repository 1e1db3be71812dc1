namespace Agentsgt.Api.Errors;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiErrorBody))]
internal sealed partial class ApiErrorJsonContext : JsonSerializerContext;
