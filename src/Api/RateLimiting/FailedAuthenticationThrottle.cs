using System.Collections.Concurrent;
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
/// Each attempt reserves its failure before the database lookup (<see cref="ReserveAsync"/>) and gets
/// it back when the key turns out valid (<see cref="RecordSuccessAsync"/>) or the lookup could not be
/// made (<see cref="RefundAsync"/>), so concurrent guesses can never reach the database more often than
/// the budget allows.
/// </summary>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    /// <summary>How long after its last success a verified key pair stays exempt.</summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromHours(1);

    private const int MaxTrustedPairs = 100_000;

    // Two parts of at most ApiKeyCredentials.MaxPartLength ASCII characters and a colon.
    private const int TrustInputLength = (2 * ApiKeyCredentials.MaxPartLength) + 1;

    // Read, never changed: MemoryCache copies what it needs into each entry.
    private static readonly MemoryCacheEntryOptions TrustedEntry = new() { Size = 1, AbsoluteExpirationRelativeToNow = TrustedFor };
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly FailedAuthenticationBudget _failures;
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Timer _sweeper;
    private readonly MemoryCache _trusted = new(new MemoryCacheOptions { SizeLimit = MaxTrustedPairs });

    // A per-process key: the cache holds keyed hashes of key pairs, never a secret.
    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);

    public FailedAuthenticationThrottle(RateLimitingOptions options, FailedAuthenticationBudget budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budget);
        _failures = budget;
        RetryAfter = TimeSpan.FromSeconds(options.FailedAuthPerAddressReplenishmentSeconds) / options.FailedAuthPerAddressTokensPerPeriod;

        // Addresses with no lookup under way need no entry: forget them, so idle addresses cost no memory.
        _sweeper = new Timer(_ => Sweep(), null, SweepEvery, SweepEvery);
    }

    /// <summary>What a client waits before trying again once its address's budget is spent.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>
    /// Before the database lookup: a reservation of one failure when the address has one left;
    /// a reservation of nothing for a pair this instance verified recently (a publishable key's
    /// public part is public by design and earns no exemption); null when the budget is spent.
    /// When the budget's last failures are all reserved by this instance's lookups still under way,
    /// waits for one of them to resolve rather than refusing (each reservation always resolves:
    /// success, failure or refund): a burst of valid calls from one
    /// address is held for a moment, not refused, and guesses still never outnumber the budget.
    /// </summary>
    public async ValueTask<Reservation?> ReserveAsync(IPAddress? address, ApiKeyCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var partition = PartitionKey(address);
        // Hashed once per request, and only for a key pair (a publishable key is never trusted):
        // the success or failure that follows reuses it.
        var trustKey = credentials.IsPublicOnly ? null : TrustKey(credentials);
        if (trustKey is not null && _trusted.TryGetValue(trustKey, out _))
        {
            return new Reservation(partition, Charged: false) { TrustKey = trustKey };
        }

        var pending = _pending.GetOrAdd(partition, _ => new Pending());
        while (true)
        {
            // Taken before the attempt, so a reservation resolving in between still wakes this one.
            var resolved = pending.Resolved;
            if (await _failures.TryTakeAsync(partition).ConfigureAwait(false))
            {
                pending.Reserve();
                return new Reservation(partition, Charged: true) { Pending = pending, TrustKey = trustKey };
            }

            // Wait only for a reservation that will resolve; none under way: the budget is spent.
            if (!pending.AnyReserved)
            {
                return null;
            }

            await resolved.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lookup could not decide (e.g. the database is down): not a failed attempt, the failure goes back.</summary>
    public async ValueTask RefundAsync(Reservation reservation)
    {
        if (reservation.Charged)
        {
            await _failures.GiveBackAsync(reservation.Partition).ConfigureAwait(false);
            reservation.Pending?.Exit();
        }
    }

    /// <summary>Valid credentials: the reserved failure goes back, and the pair is exempt from now on.</summary>
    public async ValueTask RecordSuccessAsync(Reservation reservation, ApiKeyCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await RefundAsync(reservation).ConfigureAwait(false);
        if (!credentials.IsPublicOnly)
        {
            _trusted.Set(reservation.TrustKey ?? TrustKey(credentials), true, TrustedEntry);
        }
    }

    /// <summary>Refused credentials: the reserved failure stays spent (an exempt pair spends one now) and the pair loses its exemption.</summary>
    public async ValueTask RecordFailureAsync(Reservation reservation, ApiKeyCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        // A revoked or expired key pair loses its exemption at once (a publishable key never had one).
        if (!credentials.IsPublicOnly)
        {
            _trusted.Remove(reservation.TrustKey ?? TrustKey(credentials));
        }
        if (reservation.Charged)
        {
            reservation.Pending?.Exit();
        }
        else
        {
            await _failures.TryTakeAsync(reservation.Partition).ConfigureAwait(false);
        }
    }

    /// <summary>A missing or malformed header (no lookup, so nothing was reserved): spends one failure.</summary>
    public ValueTask RecordFailureAsync(IPAddress? address) => DiscardAsync(_failures.TryTakeAsync(PartitionKey(address)));

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
        _failures.Dispose();
        _trusted.Dispose();
    }

    private static async ValueTask DiscardAsync(ValueTask<bool> take) => await take.ConfigureAwait(false);

    private void Sweep()
    {
        foreach (var (partition, pending) in _pending)
        {
            if (pending.IsIdle)
            {
                _pending.TryRemove(new KeyValuePair<string, Pending>(partition, pending));
            }
        }
    }

    private string TrustKey(ApiKeyCredentials credentials)
    {
        // HMAC of the UTF-8 of "public:secret", built on the stack (every request computes it) and
        // zeroed after. Both parts are well-formed ASCII of at most MaxPartLength characters.
        Span<byte> input = stackalloc byte[TrustInputLength];
        var written = Encoding.ASCII.GetBytes(credentials.PublicKey, input);
        input[written++] = (byte)':';
        written += Encoding.ASCII.GetBytes(credentials.Secret, input[written..]);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_hashKey, input[..written], hash);
        CryptographicOperations.ZeroMemory(input[..written]);
        return Convert.ToBase64String(hash);
    }

    /// <summary>What <see cref="ReserveAsync"/> set aside: the address's partition, and whether a failure was taken from it.</summary>
    public readonly record struct Reservation(string Partition, bool Charged)
    {
        /// <summary>The lookups under way that this one joined, told when it resolves.</summary>
        internal Pending? Pending { get; init; }

        /// <summary>The keyed hash of the credentials the reservation was made for.</summary>
        internal string? TrustKey { get; init; }
    }

    /// <summary>This instance's reservations under way for one address, and a signal when one of them resolves.</summary>
    internal sealed class Pending
    {
        private readonly Lock _lock = new();
        private int _reserved;
        private TaskCompletionSource _resolved = NewSignal();

        public bool IsIdle => !AnyReserved;

        public bool AnyReserved
        {
            get
            {
                lock (_lock)
                {
                    return _reserved > 0;
                }
            }
        }

        /// <summary>Completes when any reservation under way resolves after this was read.</summary>
        public Task Resolved
        {
            get
            {
                lock (_lock)
                {
                    return _resolved.Task;
                }
            }
        }

        public void Reserve()
        {
            lock (_lock)
            {
                _reserved++;
            }
        }

        /// <summary>A reservation resolved: wake whoever waits for one.</summary>
        public void Exit()
        {
            TaskCompletionSource resolved;
            lock (_lock)
            {
                _reserved--;
                resolved = _resolved;
                _resolved = NewSignal();
            }

            resolved.TrySetResult();
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
