using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Agentsgt.Benchmarks.Signer;

/// <summary>Before timing anything: both signers must produce valid tokens with the same claims.</summary>
public static class TokenCheck
{
    public static void EnsureEquivalent(string ours, string naive)
    {
        EnsureValid(ours);
        EnsureValid(naive);
        var a = Payload(ours);
        var b = Payload(naive);
        if (a != b)
        {
            throw new InvalidDataException($"the two signers' payloads differ:\n  ours:  {a}\n  naive: {b}");
        }
    }

    private static void EnsureValid(string token)
    {
        var result = new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TokenSample.ApiSecret)),
            ValidIssuer = TokenSample.ApiKey,
            ValidateAudience = false,
        }).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            throw new InvalidDataException($"a benchmarked token does not verify: {result.Exception?.Message}");
        }
    }

    // Claims sorted by name, so member order does not matter.
    private static string Payload(string token)
    {
        using var json = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));
        return Canonical(json.RootElement);
    }

    private static string Canonical(JsonElement element) => element.ValueKind == JsonValueKind.Object
        ? "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"\"{p.Name}\":{Canonical(p.Value)}")) + "}"
        : element.GetRawText();
}
