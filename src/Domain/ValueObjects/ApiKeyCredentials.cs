using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Agentsgt.Domain.ValueObjects;

public sealed record ApiKeyCredentials
{
    public const string PublicPrefix = "pk_";
    public const string SecretPrefix = "sk_";

    public const int GeneratedPublicLength = 24;

    public const int GeneratedSecretLength = 40;

    // So an oversized header never reaches the database.
    public const int MaxPartLength = 128;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Scheme = "Bearer";

    private ApiKeyCredentials(string publicKey, string secret)
    {
        PublicKey = publicKey;
        Secret = secret;
    }

    public string PublicKey { get; }

    public string Secret { get; }

    public bool IsPublicOnly => Secret.Length == 0;

    public static ApiKeyCredentials Generate() => new(
        NewPublicKey(),
        SecretPrefix + RandomNumberGenerator.GetString(Base62, GeneratedSecretLength));

    public static string NewPublicKey() => PublicPrefix + RandomNumberGenerator.GetString(Base62, GeneratedPublicLength);

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

    public static bool IsWellFormedPublicKey(string? value) => value is not null && IsWellFormedPart(value, PublicPrefix);

    // Never prints the secret.
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
