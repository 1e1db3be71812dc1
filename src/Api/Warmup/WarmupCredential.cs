using System.Security.Cryptography;

namespace Agentsgt.Api.Warmup;

// Random per process, never stored, accepted only until the warm-up ends; its organization does not
// exist, so every request it makes ends in 404 before a token is signed.
public sealed class WarmupCredential
{
    private readonly byte[] _secret;
    private readonly byte[] _header;
    private volatile bool _active = true;

    public WarmupCredential()
    {
        Credentials = ApiKeyCredentials.Generate();
        _secret = Encoding.ASCII.GetBytes(Credentials.Secret);
        Authorization = $"Bearer {Credentials.PublicKey}:{Credentials.Secret}";
        _header = Encoding.ASCII.GetBytes(Authorization);
    }

    public ApiKeyCredentials Credentials { get; }

    /// <summary>The whole <c>Authorization</c> header value.</summary>
    public string Authorization { get; }

    public Guid ApiKeyId { get; } = Guid.NewGuid();

    public Guid OrganizationId { get; } = Guid.NewGuid();

    public bool IsActive => _active;

    /// <summary>From now on the pair is an unknown key like any other.</summary>
    public void End() => _active = false;

    public bool Matches(ApiKeyCredentials credentials) =>
        _active
        && string.Equals(credentials.PublicKey, Credentials.PublicKey, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(credentials.Secret), _secret);

    public bool Matches(string? authorization) =>
        _active && authorization is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(authorization), _header);

    /// <summary>No agent: the handler answers 404 after validation, before signing.</summary>
    public AuthenticatedCaller Caller() => new(ApiKeyId, OrganizationId, ApiKeyKind.Secret);
}
