using System.Security.Claims;

namespace Agentsgt.Infrastructure.Security;

// Signed with a key derived (HKDF) from the API key pepper, never the pepper itself; tokens under any configured
// pepper are accepted, so a rotation does not cut visitors off.
public sealed class VisitorResumeTokens : IVisitorResumeTokens
{
    private const string Issuer = "agentsgt";
    private const string Audience = "agentsgt-resume";
    private const string RoomClaim = "room";
    private const string AgentClaim = "agent";
    private const string OrganizationClaim = "org";
    private const string KeyClaim = "key";
    private static readonly byte[] DerivationInfo = "agentsgt visitor resume token v1"u8.ToArray();

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;

    public VisitorResumeTokens(IOptions<ApiKeyHashingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var keys = value.Peppers.ToDictionary(p => p.Key, p => DeriveKey(p.Key, p.Value), StringComparer.Ordinal);
        var current = value.ResolveCurrentPepperId() ?? throw new InvalidOperationException("No current API key pepper is configured.");
        _credentials = new SigningCredentials(keys[current], SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKeys = keys.Values,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,

            // Expiry is checked against the injected clock in ReadAsync.
            ValidateLifetime = false,
        };
    }

    public string Issue(VisitorSession session, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, session.Identity),
                new Claim(RoomClaim, session.RoomName),
                new Claim(AgentClaim, session.AgentId.ToString("D")),
                new Claim(OrganizationClaim, session.OrganizationId.ToString("D")),
                new Claim(KeyClaim, session.ApiKeyId.ToString("D")),
            ]),
            SigningCredentials = _credentials,
        });
    }

    public async Task<ResumeTokenReading> ReadAsync(string resumeToken, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resumeToken);
        var result = await _handler.ValidateTokenAsync(resumeToken, _validation).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            return ResumeTokenReading.Invalid;
        }

        if (now.UtcDateTime >= token.ValidTo)
        {
            return ResumeTokenReading.TooOld;
        }

        return token.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sub, out var identity)
               && token.TryGetPayloadValue<string>(RoomClaim, out var room)
               && Guid.TryParse(Claim(token, AgentClaim), out var agentId)
               && Guid.TryParse(Claim(token, OrganizationClaim), out var organizationId)
               && Guid.TryParse(Claim(token, KeyClaim), out var keyId)
            ? new ResumeTokenReading(new VisitorSession(keyId, agentId, organizationId, room, identity), Expired: false)
            : ResumeTokenReading.Invalid;
    }

    private static string? Claim(JsonWebToken token, string name) =>
        token.TryGetPayloadValue<string>(name, out var value) ? value : null;

    private static SymmetricSecurityKey DeriveKey(string pepperId, string pepper) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(pepper), 32, salt: [], info: DerivationInfo)) { KeyId = pepperId };
}
