using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Agentsgt.Cluster.Tests;

/// <summary>
/// An organization of its own on the cluster with a concurrency cap, several keys, and the token
/// requests and LiveKit webhooks that fill and free its slots.
/// </summary>
internal sealed class SessionCapCluster
{
    public const string LiveKitApiKey = "APIclusterkey";
    public const string LiveKitApiSecret = "cluster-livekit-secret-long-enough-for-hs256-0123456789";

    private readonly ClusterRig _rig;
    private readonly string _agentId;
    private readonly string _organizationId;
    private readonly IReadOnlyList<string> _keys;

    private SessionCapCluster(ClusterRig rig, string organizationId, string agentId, IReadOnlyList<string> keys)
    {
        _rig = rig;
        _organizationId = organizationId;
        _agentId = agentId;
        _keys = keys;
    }

    public static async Task<SessionCapCluster> CreateAsync(ClusterRig rig, int cap, int keys)
    {
        var organization = (await rig.CliJsonAsync("orgs", "create", "session cap test")).GetProperty("id").GetString()!;
        var agent = (await rig.CliJsonAsync("agents", "create", "--org", organization, "capped agent")).GetProperty("id").GetString()!;
        var created = await Task.WhenAll(Enumerable.Range(0, keys).Select(i => rig.CliJsonAsync("keys", "create", "--org", organization, "--name", $"capped key {i}")));
        await PsqlAsync(rig, $"UPDATE organizations SET max_concurrent_sessions = {cap} WHERE id = '{organization}'");
        return new SessionCapCluster(rig, organization, agent, created.Select(k => k.GetProperty("apiKey").GetString()!).ToList());
    }

    /// <summary><paramref name="count"/> token requests at once, round robin over the keys, through the balancer.</summary>
    public async Task<BurstResult> BurstAsync(HttpClient client, int count)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var request = Load.Token(_rig.ApiUrl, _agentId, _keys[i % _keys.Count]);
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));

        var issued = responses.Where(r => r.Item1 == 200).Select(r => JsonDocument.Parse(r.Item2).RootElement.Clone()).ToList();
        var refused = responses.Count(r => r.Item1 == 429 && r.Item2.Contains("\"session_limit\"", StringComparison.Ordinal));
        var other = responses.Where(r => r.Item1 != 200 && !(r.Item1 == 429 && r.Item2.Contains("\"session_limit\"", StringComparison.Ordinal)))
            .Select(r => $"{r.Item1} {r.Item2}").ToList();
        return new BurstResult(issued, refused, other);
    }

    /// <summary>Each issued session joins and leaves, as LiveKit reports it, alternating over the instances.</summary>
    public async Task EndViaWebhooksAsync(HttpClient client, IReadOnlyList<JsonElement> issued)
    {
        var now = DateTimeOffset.UtcNow;
        var deliveries = issued.SelectMany((body, i) => new[] { ("participant_joined", now.AddSeconds(-2)), ("participant_left", now) }
            .Select(e => (Url: _rig.InstanceUrls[i % _rig.InstanceUrls.Count], Body: Event(e.Item1, body, e.Item2))));
        foreach (var (url, body) in deliveries)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/livekit/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/webhook+json") };
            request.Headers.TryAddWithoutValidation("Authorization", Sign(body));
            using var response = await client.SendAsync(request);
            Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        }
    }

    private string Event(string type, JsonElement issued, DateTimeOffset at) => new JsonObject
    {
        ["event"] = type,
        ["id"] = "EV_" + Guid.NewGuid().ToString("N"),
        ["createdAt"] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["room"] = new JsonObject { ["sid"] = "RM_cluster", ["name"] = issued.GetProperty("roomName").GetString() },
        ["participant"] = new JsonObject
        {
            ["identity"] = issued.GetProperty("visitorId").GetString(),
            ["attributes"] = new JsonObject
            {
                ["agentsgt.sessionId"] = issued.GetProperty("sessionId").GetString(),
                ["agentsgt.organizationId"] = _organizationId,
                ["agentsgt.agentId"] = _agentId,
            },
        },
    }.ToJsonString();

    private static string Sign(string body) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
        new JsonObject
        {
            ["iss"] = LiveKitApiKey,
            ["nbf"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
            ["sha256"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
        }.ToJsonString(),
        new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(LiveKitApiSecret)), SecurityAlgorithms.HmacSha256));

    private static async Task PsqlAsync(ClusterRig rig, string sql)
    {
        var start = new ProcessStartInfo("psql") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", rig.Env["PG_PORT"], "-U", "postgres", "-d", "agentsgt", "-v", "ON_ERROR_STOP=1", "-c", sql })
        {
            start.ArgumentList.Add(argument);
        }

        using var psql = Process.Start(start)!;
        var error = await psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        Assert.That(psql.ExitCode, Is.Zero, error);
    }
}
