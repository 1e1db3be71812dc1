using StackExchange.Redis;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// Section <c>Redis</c>. <c>Configuration</c>: a StackExchange.Redis connection string
/// (<c>host:port[,password=…][,ssl=true]…</c>). Set, every rate limit is shared by all instances
/// through that Redis; unset, each process keeps its own limits and needs no Redis.
/// </summary>
public sealed class RedisSettings : IValidatedOptions
{
    public const string SectionName = "Redis";

    public string? Configuration { get; set; }

    /// <summary>The client options, with our bounds on top of what the operator wrote.</summary>
    public ConfigurationOptions ConnectionOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration!);
        // Limiter calls must never hold a request: fail in 50 ms, never queue commands while
        // disconnected, start even if Redis is down (and reconnect in the background).
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.SyncTimeout = (int)SharedLimitStore.CallTimeout.TotalMilliseconds;
        options.AsyncTimeout = (int)SharedLimitStore.CallTimeout.TotalMilliseconds;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ClientName ??= "agentsgt";
        return options;
    }

    /// <summary>One message when the connection string cannot be used; never its text (it may hold a password).</summary>
    public IEnumerable<string> Problems()
    {
        if (Configuration is null)
        {
            yield break;
        }

        const string Example = "Redis:Configuration must be a StackExchange.Redis connection string such as 'redis.internal:6379' or 'redis.internal:6379,password=…,ssl=true'";
        if (string.IsNullOrWhiteSpace(Configuration))
        {
            yield return Example + " (it is empty; remove it to keep limits per instance).";
            yield break;
        }

        string? problem;
        try
        {
            problem = ConnectionOptions().EndPoints.Count == 0 ? Example + " (it names no host)." : null;
        }
        catch (ArgumentException ex)
        {
            // StackExchange.Redis names the bad keyword, not its value.
            problem = $"{Example}: {ex.Message}";
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }
}
