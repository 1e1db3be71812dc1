using StackExchange.Redis;

namespace Agentsgt.Infrastructure.SharedLimits;

// Failures spent, forgotten at the limit's rate, and reservations in flight with their expiry. This
// instance's share answers when Redis does not, and counts the failures spent here to stay current.
public sealed class SharedFailedAuthenticationBudget(SharedLimitStore store, FailedAuthenticationLimit limit, LocalFailedAuthenticationBudget share)
    : IFailedAuthenticationBudget
{
    // One script, so that reading, deciding and writing are one step for every instance. ARGV:
    // operation, reservation id, now and lifetime (ms), limit, failures forgotten per ms.
    private static readonly LuaScript Counter = LuaScript.Prepare(@"
        local op, id = @op, @id
        local now, lifetime = tonumber(@now), tonumber(@lifetime)
        local limit, per_ms = tonumber(@limit), tonumber(@per_ms)
        local state = redis.call('HMGET', @spent, 'spent', 'at')
        local spent = tonumber(state[1]) or 0
        local at = tonumber(state[2]) or now
        spent = math.max(0, spent - math.max(0, now - at) * per_ms)
        redis.call('ZREMRANGEBYSCORE', @pending, '-inf', now)
        local result = 1
        if op == 'reserve' then
            local pending = redis.call('ZCARD', @pending)
            if spent + pending + 1 <= limit then
                redis.call('ZADD', @pending, now + lifetime, id)
                redis.call('PEXPIRE', @pending, lifetime)
            elseif pending > 0 then
                result = 0
            else
                result = -1
            end
        elseif op == 'fail' or op == 'release' then
            redis.call('ZREM', @pending, id)
        end
        if op == 'fail' or op == 'charge' then
            spent = math.min(limit, spent + 1)
        end
        if op ~= 'probe' then
            redis.call('HSET', @spent, 'spent', tostring(spent), 'at', now)
            redis.call('PEXPIRE', @spent, math.ceil(spent / per_ms) + 1000)
        end
        return result");

    private static readonly string Instance = Guid.NewGuid().ToString("N")[..12];
    private static long s_next;

    public async ValueTask<FailureReservation> TryReserveAsync(string partition)
    {
        var id = $"{Instance}:{Interlocked.Increment(ref s_next)}";
        var (ok, result) = await store.CallAsync(() => RunAsync(store.Redis.GetDatabase(), "reserve", partition, id)).ConfigureAwait(false);
        if (!ok)
        {
            return await share.TryReserveAsync(partition).ConfigureAwait(false);
        }

        var status = result switch
        {
            1 => FailureReservationStatus.Reserved,
            0 => FailureReservationStatus.Wait,
            _ => FailureReservationStatus.Spent,
        };
        return new FailureReservation(partition, status, id, Local: false);
    }

    public async ValueTask ResolveAsync(FailureReservation reservation, bool failed)
    {
        if (reservation.Local)
        {
            await share.ResolveAsync(reservation, failed).ConfigureAwait(false);
            return;
        }

        if (failed)
        {
            await share.ChargeAsync(reservation.Partition).ConfigureAwait(false);
        }

        // Not answered: the reservation expires by itself, and a failure stays in this instance's share.
        await store.CallAsync(() => RunAsync(store.Redis.GetDatabase(), failed ? "fail" : "release", reservation.Partition, reservation.Id)).ConfigureAwait(false);
    }

    public async ValueTask ChargeAsync(string partition)
    {
        await share.ChargeAsync(partition).ConfigureAwait(false);
        await store.CallAsync(() => RunAsync(store.Redis.GetDatabase(), "charge", partition, string.Empty)).ConfigureAwait(false);
    }

    // Loads the script, and proves Redis runs it.
    internal static Task ProbeAsync(IDatabase database) => Run(database, "probe", "probe", string.Empty, 1, 1);

    private Task<long> RunAsync(IDatabase database, string op, string partition, string id) =>
        Run(database, op, partition, id, limit.Limit, limit.PerSecond / 1000);

    private static async Task<long> Run(IDatabase database, string op, string partition, string id, int limit, double perMs)
    {
        var key = $"agentsgt:failed-auth:{{{partition}}}";
        var result = await database.ScriptEvaluateAsync(Counter, new
        {
            spent = (RedisKey)(key + ":spent"),
            pending = (RedisKey)(key + ":pending"),
            op = (RedisValue)op,
            id = (RedisValue)id,
            now = (RedisValue)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            lifetime = (RedisValue)(long)FailureReservation.Lifetime.TotalMilliseconds,
            limit = (RedisValue)limit,
            per_ms = (RedisValue)perMs,
        }).ConfigureAwait(false);
        return (long)result;
    }
}
