using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Agentsgt.Api.Requests;

// Also CORS metadata, so a browser's preflight reaches ApiCorsPolicyProvider on the token endpoints.
[AttributeUsage(AttributeTargets.Method)]
public abstract class TokenEndpointAttribute : Attribute, IEnableCorsAttribute
{
    public abstract ValidationDetailNames DetailNames { get; }

    public string? PolicyName { get => null; set => throw new NotSupportedException("token endpoints use the service's policy provider"); }
}

[AttributeUsage(AttributeTargets.Method)]
public sealed class TokenEndpointAttribute<TRequest> : TokenEndpointAttribute
    where TRequest : ITokenRequestBody
{
    public override ValidationDetailNames DetailNames => TRequest.DetailNames;
}
