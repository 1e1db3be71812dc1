using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>LiveKit webhook deliveries as LiveKit's server makes them: protojson bodies, signed with the API key and secret.</summary>
public static class LiveKitWebhooks
{
    public const string Path = "/api/v1/livekit/webhook";

    /// <summary>A <c>participant_*</c> event about a visitor our token let in (its attributes name the session).</summary>
    public static string ParticipantEvent(string type, string eventId, string roomName, string roomSid, string identity, Guid? sessionId, Guid organizationId, Guid agentId, DateTimeOffset at)
    {
        var attributes = new JsonObject();
        if (sessionId is { } id)
        {
            attributes["agentsgt.sessionId"] = id.ToString();
            attributes["agentsgt.organizationId"] = organizationId.ToString();
            attributes["agentsgt.agentId"] = agentId.ToString();
        }

        return new JsonObject
        {
            ["event"] = type,
            ["room"] = new JsonObject { ["sid"] = roomSid, ["name"] = roomName, ["emptyTimeout"] = 300, ["creationTime"] = at.AddSeconds(-5).ToUnixTimeSeconds().ToString() },
            ["participant"] = new JsonObject
            {
                ["sid"] = "PA_" + Guid.NewGuid().ToString("N")[..12],
                ["identity"] = identity,
                ["state"] = "ACTIVE",
                ["joinedAt"] = at.ToUnixTimeSeconds().ToString(),
                ["attributes"] = attributes,
                ["kind"] = sessionId is null ? "AGENT" : "STANDARD",
            },
            ["id"] = eventId,
            ["createdAt"] = at.ToUnixTimeSeconds().ToString(),
            ["numDropped"] = 0,
        }.ToJsonString();
    }

    public static string RoomFinished(string eventId, string roomName, string roomSid, DateTimeOffset at) => new JsonObject
    {
        ["event"] = "room_finished",
        ["room"] = new JsonObject { ["sid"] = roomSid, ["name"] = roomName },
        ["id"] = eventId,
        ["createdAt"] = at.ToUnixTimeSeconds().ToString(),
    }.ToJsonString();

    /// <summary>The <c>Authorization</c> value LiveKit sends: a JWT (no scheme) whose <c>sha256</c> claim hashes the body.</summary>
    public static string Sign(string body, string apiKey = ApiFactory.LiveKitApiKey, string apiSecret = ApiFactory.LiveKitApiSecret, DateTimeOffset? expires = null)
    {
        var now = DateTimeOffset.UtcNow;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(
            new JsonObject
            {
                ["iss"] = apiKey,
                ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
                ["exp"] = (expires ?? now.AddMinutes(5)).ToUnixTimeSeconds(),
                ["sha256"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
            }.ToJsonString(),
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(apiSecret)), SecurityAlgorithms.HmacSha256));
    }

    public static Task<HttpResponseMessage> PostWebhookAsync(this HttpClient client, string body, string? authorization, string contentType = "application/webhook+json")
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return client.SendAsync(request);
    }

    /// <summary>Posts <paramref name="body"/> signed as LiveKit signs it.</summary>
    public static Task<HttpResponseMessage> DeliverAsync(this HttpClient client, string body) => client.PostWebhookAsync(body, Sign(body));
}
