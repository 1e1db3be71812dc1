using StackExchange.Redis;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>
/// Section <c>Redis</c>. <c>Configuration</c>: a StackExchange.Redis connection string
/// (<c>host:port[,password=…][,ssl=true]…</c>). Set, every rate limit is shared by all instances
/// through that Redis; unset, each process keeps its own limits and needs no Redis.
/// <c>Instances</c>: how many instances share the limits, so that while Redis is away each keeps
/// its share (every limit divided by it). <c>CallTimeoutMilliseconds</c>: a limiter call slower
/// than this has a probe check whether Redis is away (its answer is still awaited meanwhile).
/// </summary>
public sealed class RedisSettings : IValidatedOptions
{
    public const string SectionName = "Redis";

    public const int MaxInstances = 1000;

    public const int MaxCallTimeoutMilliseconds = 1000;

    public string? Configuration { get; set; }

    public int Instances { get; set; } = 1;

    public int CallTimeoutMilliseconds { get; set; } = 50;

    public TimeSpan CallTimeout => TimeSpan.FromMilliseconds(CallTimeoutMilliseconds);

    /// <summary>The client options, with our bounds on top of what the operator wrote.</summary>
    public ConfigurationOptions ConnectionOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration!);
        // Limiter calls must never hold a request for long: fail within the probe's bound, never
        // queue commands while disconnected, start even if Redis is down (and reconnect in the background).
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.SyncTimeout = (int)SharedLimitStore.ProbeTimeout.TotalMilliseconds;
        options.AsyncTimeout = options.SyncTimeout;
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.ClientName ??= "agentsgt";
        return options;
    }

    /// <summary>One message per unusable setting; never the connection string's text (it may hold a password).</summary>
    public IEnumerable<string> Problems()
    {
        if (Instances is < 1 or > MaxInstances)
        {
            yield return $"Redis:Instances must be the number of instances sharing the limits, from 1 to {MaxInstances}.";
        }

        if (CallTimeoutMilliseconds is < 1 or > MaxCallTimeoutMilliseconds)
        {
            yield return $"Redis:CallTimeoutMilliseconds must be from 1 to {MaxCallTimeoutMilliseconds}.";
        }

        if (ConfigurationProblem() is { } problem)
        {
            yield return problem;
        }
    }

    private string? ConfigurationProblem()
    {
        if (Configuration is null)
        {
            return null;
        }

        const string Example = "Redis:Configuration must be a StackExchange.Redis connection string such as 'redis.internal:6379' or 'redis.internal:6379,password=…,ssl=true'";
        if (string.IsNullOrWhiteSpace(Configuration))
        {
            return Example + " (it is empty; remove it to keep limits per instance).";
        }

        try
        {
            return ConfigurationOptions.Parse(Configuration).EndPoints.Count == 0 ? Example + " (it names no host)." : null;
        }
        catch (ArgumentException ex)
        {
            // StackExchange.Redis names the bad keyword, not its value.
            return $"{Example}: {ex.Message}";
        }
    }
}
