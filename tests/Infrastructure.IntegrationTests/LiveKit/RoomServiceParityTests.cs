using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.IntegrationTests.TestSupport;
using Agentsgt.Tests.Support;

namespace Agentsgt.Infrastructure.IntegrationTests.LiveKit;

/// <summary>
/// The service's RoomService client is held to LiveKit's own: the same calls go through
/// livekit-server-sdk's RoomServiceClient (tests/LiveKitE2E/roomservice-parity.mjs) and through
/// <see cref="ILiveKitRoomService"/> against the same stand-in, and each pair of requests must
/// match: path, JSON body (as parsed JSON; the random SendData nonce only in form), the JWT's
/// grants and claims (as sets, times aside), and what LiveKit answered.
/// </summary>
public sealed class RoomServiceParityTests
{
    private static readonly string[] TimeClaims = ["exp", "nbf", "iat", "jti"];

    private static readonly string Ending = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"type":"ending","endsAt":"2026-12-07T05:00:00Z","note":"déjà"}"""));

    // Repeated removals and a listing of a deleted room: LiveKit answers not_found to both clients.
    private static readonly RoomServiceCall[] Calls =
    [
        new("listRooms"),
        new("listParticipants", Room: "agentsgt-room-a"),
        new("sendData", Room: "agentsgt-room-a", Data: Ending, Topic: "agentsgt.session", DestinationIdentities: ["visitor-ü"]),
        new("sendData", Room: "agentsgt-room-a", Data: Ending, Topic: "agentsgt.session", DestinationIdentities: []),
        new("removeParticipant", Room: "agentsgt-room-a", Identity: "visitor-ü"),
        new("removeParticipant", Room: "agentsgt-room-a", Identity: "visitor-ü"),
        new("deleteRoom", Room: "shared room"),
        new("deleteRoom", Room: "shared room"),
        new("listParticipants", Room: "shared room"),
    ];

    [TestCase("", TestName = "SendsWhatLiveKitsServerSdkSends_ForEveryMethod")]
    [TestCase("/behind/a/prefix/", TestName = "SendsWhatLiveKitsServerSdkSends_WhenTheLiveKitUrlHasAPath")]
    public async Task SendsWhatLiveKitsServerSdkSends(string urlPath)
    {
        LiveKitE2EScript.RequirePackages();
        await using var standIn = await LiveKitRoomServiceStandIn.StartAsync();
        var url = standIn.Url + urlPath;

        Seed(standIn);
        var sdkOutcomes = await LiveKitRoomServiceStandInTests.RunSdkAsync(standIn, url, JsonSerializer.Serialize(Calls, JsonSerializerOptions.Web));
        var sdk = standIn.Requests;

        standIn.ClearRequests();
        Seed(standIn);
        using var host = new RoomServiceClientHost(url, standIn.ApiKey, standIn.ApiSecret);
        var ours = new List<JsonNode?>();
        foreach (var call in Calls)
        {
            ours.Add(await CallAsync(host.Client, call));
        }

        var service = standIn.Requests;
        Assert.That(service.Select(r => r.Method), Is.EqualTo(sdk.Select(r => r.Method)));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < sdk.Count; i++)
            {
                var what = $"call {i + 1} ({sdk[i].Method})";
                Assert.That(service[i].Path, Is.EqualTo(sdk[i].Path), what);
                Assert.That(service[i].Path, Is.EqualTo(LiveKitRoomServiceStandIn.PathPrefix + sdk[i].Method), what);
                Assert.That(Normalized(service[i]), Is.EqualTo(Normalized(sdk[i])), $"{what}: JSON body");
                Assert.That(service[i].VideoGrant, Is.EquivalentTo(sdk[i].VideoGrant), $"{what}: video grant");
                Assert.That(OtherClaims(service[i]), Is.EquivalentTo(OtherClaims(sdk[i])), $"{what}: claims");
                Assert.That(service[i].StatusCode, Is.EqualTo(sdk[i].StatusCode), $"{what}: LiveKit's answer");
            }

            for (var i = 0; i < Calls.Length; i++)
            {
                var outcome = sdkOutcomes[i];
                if (outcome.GetProperty("ok").GetBoolean() && Calls[i].Method.StartsWith("list", StringComparison.Ordinal))
                {
                    Assert.That(JsonNode.DeepEquals(ours[i], JsonNode.Parse(outcome.GetProperty("result").GetRawText())), Is.True,
                        $"call {i + 1} ({Calls[i].Method}) read as the SDK reads it: {ours[i]?.ToJsonString()} vs {outcome.GetProperty("result")}");
                }
            }
        });
        Assert.That(sdkOutcomes.Select(o => o.GetProperty("ok").GetBoolean()), Is.EqualTo(new[] { true, true, true, true, true, false, true, false, false }),
            "the SDK saw not_found for the repeated removals and the deleted room's listing, as the service did");
    }

    private static void Seed(LiveKitRoomServiceStandIn standIn)
    {
        foreach (var room in standIn.Rooms)
        {
            standIn.RemoveRoom(room);
        }

        // Fixed sids and times, so both clients' listings can be compared.
        standIn.AddRoom("agentsgt-room-a", sid: "RM_a");
        standIn.AddParticipant("agentsgt-room-a", "visitor-ü", new Dictionary<string, string> { ["agentsgt.sessionId"] = "7d1e0a52-6a43-4f1b-9f7e-2b1f4c7d9e10", ["plan"] = "gold" }, DateTimeOffset.FromUnixTimeSeconds(1_796_000_000), sid: "PA_visitor");
        standIn.AddParticipant("agentsgt-room-a", "agent-worker", joinedAt: DateTimeOffset.FromUnixTimeSeconds(1_796_000_001), sid: "PA_agent");
        standIn.AddRoom("shared room", sid: "RM_shared");
    }

    /// <summary>The service's result in the script's shape, so listings compare with what the SDK read.</summary>
    private static async Task<JsonNode?> CallAsync(ILiveKitRoomService client, RoomServiceCall call)
    {
        var none = CancellationToken.None;
        switch (call.Method)
        {
            case "listRooms":
                return JsonSerializer.SerializeToNode((await client.ListRoomsAsync(none)).Select(r => new { name = r.Name, sid = r.Sid, numParticipants = r.NumParticipants }));
            case "listParticipants":
                return JsonSerializer.SerializeToNode((await client.ListParticipantsAsync(call.Room!, none)).Select(p => new { identity = p.Identity, sid = p.Sid, attributes = p.Attributes, joinedAt = p.JoinedAt?.ToUnixTimeSeconds() ?? 0 }));
            case "deleteRoom":
                await client.DeleteRoomAsync(call.Room!, none);
                return null;
            case "removeParticipant":
                await client.RemoveParticipantAsync(call.Room!, call.Identity!, none);
                return null;
            default:
                await client.SendDataAsync(call.Room!, Convert.FromBase64String(call.Data!), call.Topic!, call.DestinationIdentities!, none);
                return null;
        }
    }

    /// <summary>The body as parsed JSON, its nonce checked (16 random bytes) and set aside.</summary>
    private static string Normalized(RoomServiceRequest request)
    {
        var body = JsonNode.Parse(request.Body)!.AsObject();
        if (body.Remove("nonce", out var nonce))
        {
            Assert.That(Convert.FromBase64String(nonce!.GetValue<string>()), Has.Length.EqualTo(16), $"{request.Method}: nonce");
            body["nonce"] = "(16 bytes)";
        }

        return Canonical(body);
    }

    /// <summary>Members in name order at every level, so equal JSON compares equal as text.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static Dictionary<string, string> OtherClaims(RoomServiceRequest request)
    {
        Assert.That(request.Claims, Is.Not.Null, $"{request.Method}: the stand-in verified the token");
        return request.Claims!.Value.EnumerateObject()
            .Where(c => c.Name != "video" && !TimeClaims.Contains(c.Name))
            .ToDictionary(c => c.Name, c => c.Value.GetRawText(), StringComparer.Ordinal);
    }
}
