using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Agentsgt.Domain.ValueObjects;
using Microsoft.Extensions.Caching.Memory;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// Slows secret guessing and keeps bad credentials off the database: every client address has a
/// token bucket of failed authentications (401s). While it is empty, that address's
/// authentication attempts answer 429 before any database call, except for key pairs this
/// instance verified recently, so a valid key that shares an address with a guesser (NAT, a
/// proxy without forwarded headers) keeps working. The budget itself is kept by a
/// <see cref="FailedAuthenticationBudget"/>: in this process, or in Redis for every instance.
/// </summary>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    /// <summary>How long after its last success a verified key pair stays exempt.</summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromHours(1);

    private const int MaxTrustedPairs = 100_000;

    private readonly FailedAuthenticationBudget _failures;
    private readonly MemoryCache _trusted = new(new MemoryCacheOptions { SizeLimit = MaxTrustedPairs });

    // A per-process key: the cache holds keyed hashes of key pairs, never a secret.
    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);
    private readonly TimeSpan _timePerPermit;

    public FailedAuthenticationThrottle(RateLimitingOptions options, FailedAuthenticationBudget budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        _failures = budget;
        _timePerPermit = TimeSpan.FromSeconds(options.FailedAuthPerAddressReplenishmentSeconds) / options.FailedAuthPerAddressTokensPerPeriod;
    }

    /// <summary>How long to wait when the address has no failures left and the pair was not verified recently; null otherwise.</summary>
    public async ValueTask<TimeSpan?> IsThrottledAsync(IPAddress? address, ApiKeyCredentials? credentials)
    {
        // A publishable key's public part is public by design: it earns no exemption.
        if (credentials is { IsPublicOnly: false } && _trusted.TryGetValue(TrustKey(credentials), out _))
        {
            return null;
        }

        // Whole permits only: a fraction of one cannot pay for a guess that must be counted.
        return await _failures.HasPermitAsync(PartitionKey(address)).ConfigureAwait(false) ? null : _timePerPermit;
    }

    public async ValueTask RecordFailureAsync(IPAddress? address, ApiKeyCredentials? credentials)
    {
        if (credentials is not null)
        {
            // A revoked or expired key loses its exemption at once.
            _trusted.Remove(TrustKey(credentials));
        }

        await _failures.TryTakeAsync(PartitionKey(address)).ConfigureAwait(false);
    }

    public void RecordSuccess(ApiKeyCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.IsPublicOnly)
        {
            return;
        }

        _trusted.Set(TrustKey(credentials), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TrustedFor });
    }

    /// <summary>IPv4-mapped addresses count as IPv4; IPv6 by /64, the block one host usually holds.</summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }

    public void Dispose()
    {
        _failures.Dispose();
        _trusted.Dispose();
    }

    private string TrustKey(ApiKeyCredentials credentials) =>
        Convert.ToBase64String(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(credentials.PublicKey + ":" + credentials.Secret)));
}
