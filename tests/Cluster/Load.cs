using System.Diagnostics;
using System.Net;
using System.Text;

namespace Agentsgt.Cluster.Tests;

/// <summary>One request's outcome: when it started and ended (seconds into the run), its status, or why it got none.</summary>
internal sealed record Outcome(double Start, double End, int Status, bool RetryAfter, string? Error)
{
    /// <summary>No answer at all, or a 5xx: what a client would count as the service failing it.</summary>
    public bool Failed => Error is not null || Status >= 500;
}

/// <summary>Open-loop load: requests started at a fixed rate whatever the answers, each bounded in time.</summary>
internal static class Load
{
    public static async Task<Outcome> SendAsync(HttpClient client, HttpRequestMessage request, Stopwatch clock)
    {
        var start = clock.Elapsed.TotalSeconds;
        try
        {
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return new Outcome(start, clock.Elapsed.TotalSeconds, (int)response.StatusCode, response.Headers.RetryAfter is not null, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Outcome(start, clock.Elapsed.TotalSeconds, 0, false, ex.GetType().Name + ": " + ex.Message);
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>
    /// <paramref name="rate"/> requests a second for <paramref name="duration"/>, while
    /// <paramref name="during"/> runs beside them (given the same clock).
    /// </summary>
    public static async Task<List<Outcome>> RunAsync(HttpClient client, Func<int, HttpRequestMessage> request, int rate, TimeSpan duration, Stopwatch clock, Task during)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var sent = new List<Task<Outcome>>(total);
        var begin = clock.Elapsed;
        for (var i = 0; i < total; i++)
        {
            var wait = begin + TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            sent.Add(SendAsync(client, request(i), clock));
        }

        await during;
        return [.. await Task.WhenAll(sent)];
    }

    /// <summary><paramref name="count"/> requests, <paramref name="concurrency"/> at a time, as fast as they are answered.</summary>
    public static async Task<List<Outcome>> BurstAsync(HttpClient client, Func<HttpRequestMessage> request, int count, int concurrency, Stopwatch clock)
    {
        var outcomes = new List<Outcome>(count);
        var next = 0;
        async Task Worker()
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var outcome = await SendAsync(client, request(), clock);
                lock (outcomes)
                {
                    outcomes.Add(outcome);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Worker()));
        return outcomes;
    }

    public static HttpRequestMessage Token(string url, string agentId, string apiKey, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/agents/{agentId}/livekit/token")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    public static HttpRequestMessage Preflight(string url, string agentId, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, $"{url}/api/v1/agents/{agentId}/livekit/token");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    public static string Describe(IReadOnlyCollection<Outcome> outcomes)
    {
        var byStatus = outcomes.GroupBy(o => o.Error is null ? o.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count()}");
        return $"{outcomes.Count} requests ({string.Join(", ", byStatus)})";
    }

    public static bool IsStatus(Outcome outcome, HttpStatusCode status) => outcome.Error is null && outcome.Status == (int)status;
}
