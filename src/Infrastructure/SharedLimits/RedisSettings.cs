using StackExchange.Redis;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>Section <c>Redis</c> (README, Configuration): the connection string, the instance count that sizes each share, the slow-call bound.</summary>
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
        // Never hold a request past the probe's bound, never queue while disconnected, start even if Redis is down.
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
