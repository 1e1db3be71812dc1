using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Agentsgt.Api.Requests;

/// <summary>
/// Marks a token endpoint, read as endpoint metadata: its validation errors are reported under
/// <see cref="DetailNames"/>, its request type's JSON names; and it takes CORS preflights
/// (<see cref="IEnableCorsAttribute"/>), so <c>ApiCorsPolicyProvider</c> sees this endpoint
/// when a browser asks whether a publishable key's page may call it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public abstract class TokenEndpointAttribute : Attribute, IEnableCorsAttribute
{
    public abstract ValidationDetailNames DetailNames { get; }

    /// <summary>No named policy: the service's own policy provider decides.</summary>
    public string? PolicyName { get => null; set => throw new NotSupportedException("token endpoints use the service's policy provider"); }
}

/// <summary>A token endpoint whose body is <typeparamref name="TRequest"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TokenEndpointAttribute<TRequest> : TokenEndpointAttribute
    where TRequest : ITokenRequestBody
{
    public override ValidationDetailNames DetailNames => TRequest.DetailNames;
}
