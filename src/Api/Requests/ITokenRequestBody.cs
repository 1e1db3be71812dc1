namespace Agentsgt.Api.Requests;

/// <summary>A token endpoint's body: names its fields for a validation error's <c>details</c>.</summary>
public interface ITokenRequestBody
{
    static abstract ValidationDetailNames DetailNames { get; }
}
