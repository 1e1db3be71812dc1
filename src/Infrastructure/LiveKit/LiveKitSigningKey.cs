namespace Agentsgt.Infrastructure.LiveKit;

/// <summary>The LiveKit API secret as an HS256 key of any length LiveKit accepts (<see cref="HmacSha256CryptoProvider"/>).</summary>
internal static class LiveKitSigningKey
{
    public static SymmetricSecurityKey Create(string secret) => new(Encoding.UTF8.GetBytes(secret))
    {
        CryptoProviderFactory = new CryptoProviderFactory
        {
            CustomCryptoProvider = new HmacSha256CryptoProvider(),
            CacheSignatureProviders = true,
        },
    };
}
