namespace Agentsgt.Infrastructure.LiveKit;

/// <summary>
/// LiveKit's webhook signature, checked as its own receivers check it (the server SDKs'
/// <c>WebhookReceiver</c>): HS256 with the API secret, <c>iss</c> = the API key, <c>exp</c>
/// required, 60 s of clock skew, and claim <c>sha256</c> equal to the body's hash.
/// </summary>
public sealed class LiveKitWebhookVerifier : ILiveKitWebhookVerifier
{
    public const string BodyHashClaim = "sha256";

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters? _parameters;

    public LiveKitWebhookVerifier(IOptions<LiveKitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.ApiKey) || string.IsNullOrEmpty(value.ApiSecret))
        {
            return;
        }

        _parameters = new TokenValidationParameters
        {
            ValidIssuer = value.ApiKey,
            ValidateIssuer = true,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = LiveKitSigningKey.Create(value.ApiSecret),
        };
    }

    public bool IsConfigured => _parameters is not null;

    public async Task<bool> VerifyAsync(string? authorization, ReadOnlyMemory<byte> body)
    {
        if (_parameters is null || string.IsNullOrEmpty(authorization))
        {
            return false;
        }

        var result = await _handler.ValidateTokenAsync(authorization, _parameters).ConfigureAwait(false);
        if (!result.IsValid || !result.Claims.TryGetValue(BodyHashClaim, out var claimed) || claimed is not string sentHash)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA256.HashData(body.Span)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(sentHash));
    }
}
