using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// A budget of failed authentications per client address (an <see cref="IFailedAuthenticationBudget"/>):
/// spent, that address's attempts answer 429 before any database call, except for key pairs this
/// instance verified recently. Each attempt reserves its failure before the lookup.
/// </summary>
public sealed class FailedAuthenticationThrottle : IDisposable
{
    /// <summary>How long after its last success a verified key pair stays exempt.</summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromHours(1);

    // How often a waiting attempt asks again whether reservations on other instances resolved.
    private static readonly TimeSpan AskAgainEvery = TimeSpan.FromMilliseconds(20);

    private const int MaxTrustedPairs = 100_000;

    private const int TrustInputLength = (2 * ApiKeyCredentials.MaxPartLength) + 1;

    // Read, never changed: MemoryCache copies what it needs into each entry.
    private static readonly MemoryCacheEntryOptions TrustedEntry = new() { Size = 1, AbsoluteExpirationRelativeToNow = TrustedFor };

    private readonly IFailedAuthenticationBudget _failures;
    private readonly MemoryCache _trusted = new(new MemoryCacheOptions { SizeLimit = MaxTrustedPairs });

    // Striped by partition, so it needs no sweeping.
    private readonly Wake[] _wakes = [.. Enumerable.Range(0, 64).Select(_ => new Wake())];

    // A per-process key: the cache holds keyed hashes of key pairs, never a secret.
    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);

    public FailedAuthenticationThrottle(RateLimitingOptions options, IFailedAuthenticationBudget budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(budget);
        _failures = budget;
        RetryAfter = TimeSpan.FromSeconds(options.FailedAuthPerAddressReplenishmentSeconds) / options.FailedAuthPerAddressTokensPerPeriod;
    }

    public TimeSpan RetryAfter { get; }

    /// <summary>One failure reserved (none for a pair verified recently); null when failures alone fill the budget. Waits for lookups in flight rather than refusing.</summary>
    public async ValueTask<Reservation?> ReserveAsync(IPAddress? address, ApiKeyCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var partition = PartitionKey(address);
        // Hashed once per request, and only for a key pair (a publishable key is never trusted):
        // the success or failure that follows reuses it.
        var trustKey = credentials.IsPublicOnly ? null : TrustKey(credentials);
        var wake = WakeFor(partition);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // Asked again after every wait: a pair verified meanwhile needs no reservation.
            if (trustKey is not null && _trusted.TryGetValue(trustKey, out _))
            {
                return new Reservation(partition, null, trustKey);
            }

            // Taken before the attempt, so a reservation resolving in between still wakes this one.
            var resolved = wake.Next;
            var held = await _failures.TryReserveAsync(partition).ConfigureAwait(false);
            if (held.Status == FailureReservationStatus.Reserved)
            {
                return new Reservation(partition, held, trustKey);
            }

            if (held.Status == FailureReservationStatus.Spent || waited.Elapsed > FailureReservation.Lifetime)
            {
                return null;
            }

            await Task.WhenAny(resolved, Task.Delay(AskAgainEvery, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The lookup could not decide (e.g. the database is down): not a failed attempt, the failure goes back.</summary>
    public ValueTask RefundAsync(Reservation reservation) => ResolveAsync(reservation, failed: false);

    /// <summary>Valid credentials: the reserved failure goes back, and the pair is exempt from now on.</summary>
    public async ValueTask RecordSuccessAsync(Reservation reservation, ApiKeyCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        // Trusted first, so the waiters this wakes pass without a reservation.
        if (!credentials.IsPublicOnly)
        {
            _trusted.Set(reservation.TrustKey ?? TrustKey(credentials), true, TrustedEntry);
        }

        await ResolveAsync(reservation, failed: false).ConfigureAwait(false);
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

        if (reservation.Held is null)
        {
            await _failures.ChargeAsync(reservation.Partition).ConfigureAwait(false);
            return;
        }

        await ResolveAsync(reservation, failed: true).ConfigureAwait(false);
    }

    /// <summary>A missing or malformed header (no lookup, so nothing was reserved): spends one failure.</summary>
    public ValueTask RecordFailureAsync(IPAddress? address) => _failures.ChargeAsync(PartitionKey(address));

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

    public void Dispose() => _trusted.Dispose();

    private async ValueTask ResolveAsync(Reservation reservation, bool failed)
    {
        if (reservation.Held is { } held)
        {
            await _failures.ResolveAsync(held, failed).ConfigureAwait(false);
            WakeFor(reservation.Partition).Now();
        }
    }

    private Wake WakeFor(string partition) => _wakes[(int)((uint)StringComparer.Ordinal.GetHashCode(partition) % (uint)_wakes.Length)];

    private string TrustKey(ApiKeyCredentials credentials)
    {
        // On the stack (every request computes it), zeroed after; both parts are well-formed ASCII.
        Span<byte> input = stackalloc byte[TrustInputLength];
        var written = Encoding.ASCII.GetBytes(credentials.PublicKey, input);
        input[written++] = (byte)':';
        written += Encoding.ASCII.GetBytes(credentials.Secret, input[written..]);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_hashKey, input[..written], hash);
        CryptographicOperations.ZeroMemory(input[..written]);
        return Convert.ToBase64String(hash);
    }

    /// <summary>What <see cref="ReserveAsync"/> set aside: the address's partition, and the failure held for it (none for an exempt pair).</summary>
    public readonly record struct Reservation(string Partition, FailureReservation? Held, string? TrustKey);

    private sealed class Wake
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Next => Volatile.Read(ref _next).Task;

        public void Now() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
