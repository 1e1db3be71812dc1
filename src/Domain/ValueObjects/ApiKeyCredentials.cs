using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Agentsgt.Domain.ValueObjects;

/// <summary>
/// What a client presents as <c>Authorization: Bearer pk_…:sk_…</c> (a secret key's pair) or
/// <c>Authorization: Bearer pk_…</c> (a publishable key: public part only), and the format of
/// newly generated keys.
/// </summary>
public sealed record ApiKeyCredentials
{
    public const string PublicPrefix = "pk_";
    public const string SecretPrefix = "sk_";

    /// <summary>Generated public keys: pk_ + 24 base62 characters (≈143 bits; an identifier, not a secret).</summary>
    public const int GeneratedPublicLength = 24;

    /// <summary>Generated secrets: sk_ + 40 base62 characters (≈238 bits).</summary>
    public const int GeneratedSecretLength = 40;

    /// <summary>Upper bound on either part when parsing, so an oversized header never reaches the database.</summary>
    public const int MaxPartLength = 128;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Scheme = "Bearer";

    private ApiKeyCredentials(string publicKey, string secret)
    {
        PublicKey = publicKey;
        Secret = secret;
    }

    public string PublicKey { get; }

    /// <summary>The secret; empty when <see cref="IsPublicOnly"/>.</summary>
    public string Secret { get; }

    /// <summary>A public part alone (<c>Bearer pk_…</c>): usable only if it names a publishable key.</summary>
    public bool IsPublicOnly => Secret.Length == 0;

    /// <summary>A new key pair from a CSPRNG.</summary>
    public static ApiKeyCredentials Generate() => new(
        NewPublicKey(),
        SecretPrefix + RandomNumberGenerator.GetString(Base62, GeneratedSecretLength));

    /// <summary>A new public part from a CSPRNG (publishable keys have nothing else).</summary>
    public static string NewPublicKey() => PublicPrefix + RandomNumberGenerator.GetString(Base62, GeneratedPublicLength);

    /// <summary>
    /// Like <see cref="TryParseAuthorizationHeader"/>, and also accepts a well-formed public part
    /// alone (<c>Bearer pk_…</c>, no colon), returned with <see cref="IsPublicOnly"/> set. Whether
    /// that form is acceptable depends on the key it names, which only the database knows.
    /// </summary>
    public static bool TryParseBearer(string? header, [NotNullWhen(true)] out ApiKeyCredentials? credentials)
    {
        if (TryParseAuthorizationHeader(header, out credentials))
        {
            return true;
        }

        if (!TryGetToken(header, out var token) || token.Contains(':') || !IsWellFormedPart(token, PublicPrefix))
        {
            return false;
        }

        credentials = new ApiKeyCredentials(token.ToString(), string.Empty);
        return true;
    }

    /// <summary>
    /// Parses an Authorization header value: scheme <c>Bearer</c> (any case), one or more
    /// spaces, then <c>public:secret</c> split at the first colon. Each part is its prefix
    /// followed by 1–125 base62 characters, which also accepts the API page's example shapes.
    /// </summary>
    public static bool TryParseAuthorizationHeader(string? header, [NotNullWhen(true)] out ApiKeyCredentials? credentials)
    {
        credentials = null;
        if (!TryGetToken(header, out var pair))
        {
            return false;
        }

        var colon = pair.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        var publicKey = pair[..colon];
        var secret = pair[(colon + 1)..];
        if (!IsWellFormedPart(publicKey, PublicPrefix) || !IsWellFormedPart(secret, SecretPrefix))
        {
            return false;
        }

        credentials = new ApiKeyCredentials(publicKey.ToString(), secret.ToString());
        return true;
    }

    /// <summary>True for a well-formed public key (<c>pk_</c> + base62).</summary>
    public static bool IsWellFormedPublicKey(string? value) => value is not null && IsWellFormedPart(value, PublicPrefix);

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => IsPublicOnly ? PublicKey : $"{PublicKey}:{SecretPrefix}***";

    // "Bearer" (any case), one or more spaces, then the rest; surrounding spaces ignored.
    private static bool TryGetToken(string? header, out ReadOnlySpan<char> token)
    {
        token = default;
        if (header is null)
        {
            return false;
        }

        var value = header.AsSpan().Trim(' ');
        if (value.Length <= Scheme.Length
            || !value[..Scheme.Length].Equals(Scheme, StringComparison.OrdinalIgnoreCase)
            || value[Scheme.Length] != ' ')
        {
            return false;
        }

        token = value[Scheme.Length..].TrimStart(' ');
        return true;
    }

    private static bool IsWellFormedPart(ReadOnlySpan<char> part, string prefix)
    {
        if (part.Length <= prefix.Length || part.Length > MaxPartLength || !part.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in part[prefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
