using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Agentsgt.Tests.Support;

/// <summary>
/// Checks a LiveKit token the way a LiveKit server would, independently of the code under test:
/// recomputes the HS256 signature with the API secret, then exposes the decoded header and claims.
/// </summary>
public sealed class LiveKitTokenReader
{
    private LiveKitTokenReader(JsonElement header, JsonElement payload)
    {
        Header = header;
        Payload = payload;
    }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    /// <summary>The <c>video</c> grant object.</summary>
    public JsonElement Video => Payload.GetProperty("video");

    public long NotBefore => Payload.GetProperty("nbf").GetInt64();

    public long Expires => Payload.GetProperty("exp").GetInt64();

    public string Claim(string name) => Payload.GetProperty(name).GetString()!;

    /// <summary>Throws unless the token is a compact HS256 JWS whose signature the secret verifies.</summary>
    public static LiveKitTokenReader Verify(string token, string apiSecret)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(apiSecret);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new InvalidOperationException("Not a compact JWS (three dot-separated parts).");
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiSecret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Base64UrlDecode(parts[2])))
        {
            throw new InvalidOperationException("Signature does not verify with the LiveKit API secret.");
        }

        using var header = JsonDocument.Parse(Base64UrlDecode(parts[0]));
        using var payload = JsonDocument.Parse(Base64UrlDecode(parts[1]));
        if (header.RootElement.GetProperty("alg").GetString() != "HS256")
        {
            throw new InvalidOperationException("alg is not HS256.");
        }

        return new LiveKitTokenReader(header.RootElement.Clone(), payload.RootElement.Clone());
    }

    /// <summary>The property names of the <c>video</c> grant.</summary>
    public IReadOnlyList<string> VideoGrantNames() => Video.EnumerateObject().Select(p => p.Name).ToList();

    private static byte[] Base64UrlDecode(string value)
    {
        var s = value.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        return Convert.FromBase64String(s);
    }
}
