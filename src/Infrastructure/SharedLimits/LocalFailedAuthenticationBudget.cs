using Microsoft.Extensions.Caching.Memory;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>The budget in this process: the same counter as <see cref="SharedFailedAuthenticationBudget"/> keeps in Redis.</summary>
public sealed class LocalFailedAuthenticationBudget(FailedAuthenticationLimit limit) : IFailedAuthenticationBudget, IDisposable
{
    private readonly MemoryCache _counters = new(new MemoryCacheOptions());
    private readonly Lock _creating = new();

    public ValueTask<FailureReservation> TryReserveAsync(string partition) =>
        ValueTask.FromResult(new FailureReservation(partition, Update(partition, reserve: true, resolve: false, spend: false), string.Empty, Local: true));

    public ValueTask ResolveAsync(FailureReservation reservation, bool failed)
    {
        Update(reservation.Partition, reserve: false, resolve: true, spend: failed);
        return ValueTask.CompletedTask;
    }

    public ValueTask ChargeAsync(string partition)
    {
        Update(partition, reserve: false, resolve: false, spend: true);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _counters.Dispose();

    private FailureReservationStatus Update(string partition, bool reserve, bool resolve, bool spend)
    {
        var now = Environment.TickCount64;
        Counter counter;
        // MemoryCache.GetOrCreate is not atomic: two first failures at once could each create a
        // counter, and one would be lost.
        lock (_creating)
        {
            counter = _counters.GetOrCreate(partition, _ => new Counter(now))!;
        }

        lock (counter)
        {
            counter.Spent = Math.Max(0, counter.Spent - ((now - counter.At) / 1000.0 * limit.PerSecond));
            counter.At = now;
            var status = FailureReservationStatus.Reserved;
            if (reserve)
            {
                status = counter.Spent + counter.Pending + 1 <= limit.Limit ? FailureReservationStatus.Reserved
                    : counter.Pending > 0 ? FailureReservationStatus.Wait
                    : FailureReservationStatus.Spent;
                counter.Pending += status == FailureReservationStatus.Reserved ? 1 : 0;
            }

            if (resolve)
            {
                counter.Pending = Math.Max(0, counter.Pending - 1);
            }

            if (spend)
            {
                counter.Spent = Math.Min(limit.Limit, counter.Spent + 1);
            }

            // Kept while a reservation is in flight, then until every failure is forgotten.
            var keep = TimeSpan.FromSeconds((counter.Spent / limit.PerSecond) + 1) + (counter.Pending > 0 ? FailureReservation.Lifetime : TimeSpan.Zero);
            _counters.Set(partition, counter, keep);
            return status;
        }
    }

    private sealed class Counter(long at)
    {
        public double Spent { get; set; }

        public int Pending { get; set; }

        public long At { get; set; } = at;
    }
}
