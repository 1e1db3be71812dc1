using System.Collections.Concurrent;
using System.Diagnostics;
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
/// proxy without forwarded headers) keeps working.
/// Each attempt reserves its failure before the database lookup (<see cref="ReserveAsync"/>) and gets
/// it back when the key turns out valid (<see cref="RecordSuccess"/>) or the lookup could not be
/// made (<see cref="Refund"/>), so concurrent guesses can never reach the database more often than
/// the budget allows.
/// </summary>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    /// <summary>How long after its last success a verified key pair stays exempt.</summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromHours(1);

    private const int MaxTrustedPairs = 100_000;
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Func<string, Bucket> _newBucket;
    private readonly Timer _sweeper;
    private readonly MemoryCache _trusted = new(new MemoryCacheOptions { SizeLimit = MaxTrustedPairs });

    // A per-process key: the cache holds keyed hashes of key pairs, never a secret.
    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);
    private readonly TimeSpan _timePerPermit;

    public FailedAuthenticationThrottle(RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var period = TimeSpan.FromSeconds(options.FailedAuthPerAddressReplenishmentSeconds);
        _timePerPermit = period / options.FailedAuthPerAddressTokensPerPeriod;
        var limit = options.FailedAuthPerAddressTokenLimit;
        var timePerPermit = _timePerPermit;
        _newBucket = _ => new Bucket(limit, timePerPermit);

        // A bucket that has refilled is the same as none: forget those, so idle addresses cost no memory.
        _sweeper = new Timer(_ => Sweep(), null, SweepEvery, SweepEvery);
    }

    /// <summary>What a client waits before trying again once its address's budget is spent.</summary>
    public TimeSpan RetryAfter => _timePerPermit;

    /// <summary>
    /// Before the database lookup: a reservation of one failure when the address has one left;
    /// a reservation of nothing for a pair this instance verified recently (a publishable key's
    /// public part is public by design and earns no exemption); null when the budget is spent.
    /// When the budget's last failures are all reserved by lookups still under way, waits for one
    /// of them to resolve rather than refusing: a burst of valid calls from one address is held
    /// for a moment, not refused, and guesses still never outnumber the budget.
    /// </summary>
    public async ValueTask<Reservation?> ReserveAsync(IPAddress? address, ApiKeyCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var partition = PartitionKey(address);
        if (!credentials.IsPublicOnly && _trusted.TryGetValue(TrustKey(credentials), out _))
        {
            return new Reservation(partition, Charged: false);
        }

        while (true)
        {
            if (BucketFor(partition).TryReserve(out var resolved))
            {
                return new Reservation(partition, Charged: true);
            }

            if (resolved is null)
            {
                return null;
            }

            await resolved.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lookup could not decide (e.g. the database is down): not a failed attempt, the failure goes back.</summary>
    public void Refund(Reservation reservation)
    {
        if (reservation.Charged)
        {
            BucketFor(reservation.Partition).Resolve(giveBack: true);
        }
    }

    /// <summary>Valid credentials: the reserved failure goes back, and the pair is exempt from now on.</summary>
    public void RecordSuccess(Reservation reservation, ApiKeyCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Refund(reservation);
        if (!credentials.IsPublicOnly)
        {
            _trusted.Set(TrustKey(credentials), true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TrustedFor });
        }
    }

    /// <summary>Refused credentials: the reserved failure stays spent (an exempt pair spends one now) and the pair loses its exemption.</summary>
    public void RecordFailure(Reservation reservation, ApiKeyCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        // A revoked or expired key loses its exemption at once.
        _trusted.Remove(TrustKey(credentials));
        if (reservation.Charged)
        {
            BucketFor(reservation.Partition).Resolve(giveBack: false);
        }
        else
        {
            BucketFor(reservation.Partition).Spend();
        }
    }

    /// <summary>A missing or malformed header (no lookup, so nothing was reserved): spends one failure.</summary>
    public void RecordFailure(IPAddress? address) => BucketFor(PartitionKey(address)).Spend();

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
        _sweeper.Dispose();
        _trusted.Dispose();
    }

    // Every access to an address's bucket goes through here.
    private Bucket BucketFor(string partition) => _buckets.GetOrAdd(partition, _newBucket);

    private void Sweep()
    {
        foreach (var (partition, bucket) in _buckets)
        {
            if (bucket.IsFull)
            {
                _buckets.TryRemove(new KeyValuePair<string, Bucket>(partition, bucket));
            }
        }
    }

    private string TrustKey(ApiKeyCredentials credentials) =>
        Convert.ToBase64String(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(credentials.PublicKey + ":" + credentials.Secret)));

    /// <summary>What <see cref="ReserveAsync"/> set aside: the address's partition, and whether a failure was taken from it.</summary>
    public readonly record struct Reservation(string Partition, bool Charged);

    /// <summary>
    /// A token bucket that refills continuously, one failure per <c>timePerPermit</c>, up to
    /// <c>limit</c>, and counts the failures reserved by lookups under way. Whole failures only: a
    /// fraction of one never lets an attempt through.
    /// </summary>
    private sealed class Bucket(int limit, TimeSpan timePerPermit)
    {
        private readonly Lock _lock = new();
        private double _tokens = limit;
        private long _refilledAt = Stopwatch.GetTimestamp();
        private int _inFlight;
        private TaskCompletionSource? _resolved;

        public bool IsFull
        {
            get
            {
                lock (_lock)
                {
                    Refill();
                    return _tokens >= limit && _inFlight == 0;
                }
            }
        }

        /// <summary>
        /// True when a failure was reserved; otherwise <paramref name="resolved"/> completes when a
        /// reservation under way resolves, or is null when none is (the budget is spent).
        /// </summary>
        public bool TryReserve(out Task? resolved)
        {
            lock (_lock)
            {
                Refill();
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    _inFlight++;
                    resolved = null;
                    return true;
                }

                resolved = _inFlight > 0 ? (_resolved ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : null;
                return false;
            }
        }

        /// <summary>A reservation's lookup is over: its failure stays spent, or goes back.</summary>
        public void Resolve(bool giveBack)
        {
            TaskCompletionSource? waiting;
            lock (_lock)
            {
                Refill();
                _inFlight--;
                if (giveBack)
                {
                    _tokens = Math.Min(limit, _tokens + 1);
                }

                waiting = _resolved;
                _resolved = null;
            }

            waiting?.TrySetResult();
        }

        /// <summary>A failure without a reservation (no lookup was made), if one is left.</summary>
        public void Spend()
        {
            lock (_lock)
            {
                Refill();
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                }
            }
        }

        private void Refill()
        {
            var now = Stopwatch.GetTimestamp();
            _tokens = Math.Min(limit, _tokens + (Stopwatch.GetElapsedTime(_refilledAt, now) / timePerPermit));
            _refilledAt = now;
        }
    }
}
