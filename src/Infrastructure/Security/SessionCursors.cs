using System.Buffers.Binary;

namespace Agentsgt.Infrastructure.Security;

/// <summary>
/// Cursors as base64url of version, issue time (microseconds, PostgreSQL's precision), session id
/// and a truncated HMAC-SHA256 over those and the scope. The key is derived by HKDF from each
/// configured pepper (as resume tokens are), so every instance reads every other's cursors.
/// </summary>
public sealed class SessionCursors : ISessionCursors
{
    private const byte Version = 1;
    private const int PositionLength = 1 + 8 + 16;
    private const int MacLength = 16;
    private static readonly byte[] DerivationInfo = "agentsgt session cursor v1"u8.ToArray();

    private readonly byte[] _current;
    private readonly byte[][] _keys;

    public SessionCursors(IOptions<ApiKeyHashingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var current = value.ResolveCurrentPepperId() ?? throw new InvalidOperationException("No current API key pepper is configured.");
        _current = DeriveKey(value.Peppers[current]);
        _keys = value.Peppers.Values.Select(DeriveKey).ToArray();
    }

    public string Write(SessionCursor cursor, string scope)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var data = new byte[PositionLength + MacLength];
        data[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(1), Microseconds(cursor.IssuedAt));
        cursor.SessionId.TryWriteBytes(data.AsSpan(9, 16), bigEndian: true, out _);
        Mac(_current, data.AsSpan(0, PositionLength), scope).AsSpan(0, MacLength).CopyTo(data.AsSpan(PositionLength));
        return Base64UrlEncoder.Encode(data);
    }

    public bool TryRead(string text, string scope, out SessionCursor cursor)
    {
        cursor = null!;
        byte[] data;
        try
        {
            data = Base64UrlEncoder.DecodeBytes(text ?? string.Empty);
        }
        catch (FormatException)
        {
            return false;
        }

        if (data.Length != PositionLength + MacLength || data[0] != Version
            || !_keys.Any(key => CryptographicOperations.FixedTimeEquals(Mac(key, data.AsSpan(0, PositionLength), scope).AsSpan(0, MacLength), data.AsSpan(PositionLength))))
        {
            return false;
        }

        var microseconds = BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(1));
        cursor = new SessionCursor(DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10), new Guid(data.AsSpan(9, 16), bigEndian: true));
        return true;
    }

    private static long Microseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;

    private static byte[] Mac(byte[] key, ReadOnlySpan<byte> position, string scope)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope ?? string.Empty);
        var message = new byte[position.Length + scopeBytes.Length];
        position.CopyTo(message);
        scopeBytes.CopyTo(message.AsSpan(position.Length));
        return HMACSHA256.HashData(key, message);
    }

    private static byte[] DeriveKey(string pepper) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(pepper), 32, salt: [], info: DerivationInfo);
}
