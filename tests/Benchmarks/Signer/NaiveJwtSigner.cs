using System.IdentityModel.Tokens.Jwt;
using System.Text;
using Agentsgt.Application.Common.Interfaces;
using Microsoft.IdentityModel.Tokens;

namespace Agentsgt.Benchmarks.Signer;

/// <summary>
/// The baseline: how a token is commonly written with System.IdentityModel.Tokens.Jwt — a claims
/// dictionary in a JwtPayload, and a new SymmetricSecurityKey for every token.
/// </summary>
public sealed class NaiveJwtSigner
{
    private readonly JwtSecurityTokenHandler _handler = new();
    private readonly string _apiKey;
    private readonly string _apiSecret;

    public NaiveJwtSigner(string apiKey, string apiSecret)
    {
        _apiKey = apiKey;
        _apiSecret = apiSecret;
    }

    public string Sign(VoiceGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_apiSecret));
        var credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        var notBefore = grant.IssuedAt.ToUnixTimeSeconds();
        var payload = new JwtPayload
        {
            ["iss"] = _apiKey,
            ["sub"] = grant.Identity,
            ["name"] = grant.DisplayName,
            ["nbf"] = notBefore,
            ["exp"] = notBefore + (long)grant.Lifetime.TotalSeconds,
            ["video"] = new Dictionary<string, object>
            {
                ["room"] = grant.RoomName,
                ["roomJoin"] = true,
                ["canPublish"] = true,
                ["canSubscribe"] = true,
                ["canPublishData"] = true,
            },
            ["attributes"] = new Dictionary<string, object>
            {
                ["agentsgt.agentId"] = grant.AgentId.ToString("D"),
                ["agentsgt.organizationId"] = grant.OrganizationId.ToString("D"),
            },
        };
        return _handler.WriteToken(new JwtSecurityToken(new JwtHeader(credentials), payload));
    }
}
