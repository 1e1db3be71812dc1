namespace Agentsgt.Api.Errors;

/// <summary>Every error answer of this API.</summary>
/// <param name="Error">Machine-readable error code, e.g. <c>invalid_key</c>; see the examples per status code.</param>
/// <param name="Message">Human-readable text; fixed per code (never echoes input).</param>
/// <param name="Details">Only for <c>validation_error</c>: the problems per request field, keyed by its JSON name.</param>
public sealed record ApiErrorBody(
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Details);
