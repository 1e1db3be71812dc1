namespace Agentsgt.Infrastructure.Security;

// Secrets are 190+ bit random strings: a fast keyed hash is enough; a slow password hash would only cap throughput.
public sealed class HmacSecretHasher : ISecretHasher
{
    private const int HashLength = 32;
    private const int MaxStackSecretBytes = 512;

    private readonly Dictionary<string, byte[]> _peppers;
    private readonly byte[] _currentPepper;

    public HmacSecretHasher(IOptions<ApiKeyHashingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _peppers = value.Peppers.ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);
        CurrentPepperId = value.ResolveCurrentPepperId()
            ?? throw new InvalidOperationException("No current API key pepper is configured.");
        _currentPepper = _peppers[CurrentPepperId];
    }

    public string CurrentPepperId { get; }

    public byte[] Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return HMACSHA256.HashData(_currentPepper, Encoding.UTF8.GetBytes(secret));
    }

    public bool Verify(string secret, byte[] expectedHash, string pepperId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(pepperId);
        ArgumentNullException.ThrowIfNull(expectedHash);

        // An unknown pepper id still costs one HMAC, so timing does not tell it apart.
        var known = _peppers.TryGetValue(pepperId, out var pepper);
        pepper ??= _currentPepper;

        Span<byte> actual = stackalloc byte[HashLength];
        var byteCount = Encoding.UTF8.GetByteCount(secret);
        if (byteCount <= MaxStackSecretBytes)
        {
            Span<byte> secretBytes = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(secret, secretBytes);
            HMACSHA256.HashData(pepper, secretBytes, actual);
        }
        else
        {
            HMACSHA256.HashData(pepper, Encoding.UTF8.GetBytes(secret), actual);
        }

        return CryptographicOperations.FixedTimeEquals(actual, expectedHash) && known;
    }
}
