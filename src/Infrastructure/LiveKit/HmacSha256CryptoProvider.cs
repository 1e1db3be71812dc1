namespace Agentsgt.Infrastructure.LiveKit;

// The library's own HS256 provider refuses keys under 128 bits (IDX10653); LiveKit accepts them, dev mode's secret among them.
internal sealed class HmacSha256CryptoProvider : ICryptoProvider
{
    // The library asks for a provider per token and does not cache custom ones; ours is stateless
    // and thread-safe (one-shot HMAC), so one instance per key serves every token.
    private HmacSha256SignatureProvider? _cached;

    /// <summary>HS256 credentials for a LiveKit API secret of any length, through this provider.</summary>
    public static SigningCredentials CreateCredentials(string secret) =>
        new(
            new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret))
            {
                CryptoProviderFactory = new CryptoProviderFactory
                {
                    CustomCryptoProvider = new HmacSha256CryptoProvider(),
                    CacheSignatureProviders = true,
                },
            },
            SecurityAlgorithms.HmacSha256);

    public bool IsSupportedAlgorithm(string algorithm, params object[] args) =>
        algorithm == SecurityAlgorithms.HmacSha256 && args is [SymmetricSecurityKey, ..];

    public object Create(string algorithm, params object[] args)
    {
        if (args is not [SymmetricSecurityKey key, ..] || algorithm != SecurityAlgorithms.HmacSha256)
        {
            throw new NotSupportedException($"Algorithm '{algorithm}' is not supported.");
        }

        var cached = _cached;
        if (cached is null || !ReferenceEquals(cached.Key, key))
        {
            cached = new HmacSha256SignatureProvider(key);
            _cached = cached;
        }

        return cached;
    }

    // Nothing to release: the provider holds only the key bytes and is reused.
    public void Release(object cryptoInstance)
    {
    }

    private sealed class HmacSha256SignatureProvider : SignatureProvider
    {
        private readonly byte[] _key;

        public HmacSha256SignatureProvider(SymmetricSecurityKey key)
            : base(key, SecurityAlgorithms.HmacSha256)
        {
            _key = key.Key;
        }

        public override byte[] Sign(byte[] input) => HMACSHA256.HashData(_key, input);

        public override byte[] Sign(byte[] input, int offset, int count) =>
            HMACSHA256.HashData(_key, input.AsSpan(offset, count));

        public override bool Sign(ReadOnlySpan<byte> data, Span<byte> destination, out int bytesWritten) =>
            HMACSHA256.TryHashData(_key, data, destination, out bytesWritten);

        public override bool Verify(byte[] input, byte[] signature) =>
            CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, input), signature);

        public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength) =>
            CryptographicOperations.FixedTimeEquals(
                HMACSHA256.HashData(_key, input.AsSpan(inputOffset, inputLength)),
                signature.AsSpan(signatureOffset, signatureLength));

        protected override void Dispose(bool disposing)
        {
        }
    }
}
