using System.Text.Json;
using Agentsgt.Tests.Support;

namespace Agentsgt.Infrastructure.IntegrationTests.TestSupport;

/// <summary>The RoomService stand-in answers LiveKit's own server SDK as LiveKit would.</summary>
public sealed class LiveKitRoomServiceStandInTests
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(1);

    [Test]
    public async Task AnswersLiveKitsServerSdk_ForEveryMethodTheServiceUses()
    {
        LiveKitE2EScript.RequirePackages();
        await using var standIn = await LiveKitRoomServiceStandIn.StartAsync();
        var joined = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var visitor = standIn.AddParticipant("room-a", "visitor-1", new Dictionary<string, string> { ["agentsgt.sessionId"] = "s-1" }, joined);
        standIn.AddParticipant("room-a", "agent-1");
        standIn.AddRoom("room-b");

        var outcomes = await RunSdkAsync(standIn, standIn.Url, """
            [{"method":"listRooms"},
             {"method":"listParticipants","room":"room-a"},
             {"method":"sendData","room":"room-a","data":"aGk=","topic":"agentsgt.session","destinationIdentities":["visitor-1"]},
             {"method":"removeParticipant","room":"room-a","identity":"visitor-1"},
             {"method":"removeParticipant","room":"room-a","identity":"visitor-1"},
             {"method":"deleteRoom","room":"room-b"},
             {"method":"deleteRoom","room":"room-b"},
             {"method":"listParticipants","room":"room-b"}]
            """);

        Assert.Multiple(() =>
        {
            var rooms = outcomes[0].GetProperty("result").EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("numParticipants").GetInt32())).ToList();
            Assert.That(rooms, Is.EqualTo(new[] { ("room-a", 2), ("room-b", 0) }));
            var listed = outcomes[1].GetProperty("result").EnumerateArray().Single(p => p.GetProperty("identity").GetString() == "visitor-1");
            Assert.That(listed.GetProperty("sid").GetString(), Is.EqualTo(visitor.Sid));
            Assert.That(listed.GetProperty("attributes").GetProperty("agentsgt.sessionId").GetString(), Is.EqualTo("s-1"));
            Assert.That(listed.GetProperty("joinedAt").GetInt64(), Is.EqualTo(1_800_000_000));
            Assert.That(outcomes.Take(4).Select(o => o.GetProperty("ok").GetBoolean()), Is.All.True);
            Assert.That(Failure(outcomes[4]), Is.EqualTo((404, "not_found")), "a participant removed twice");
            Assert.That(outcomes[5].GetProperty("ok").GetBoolean(), Is.True);
            Assert.That(Failure(outcomes[6]), Is.EqualTo((404, "not_found")), "a room deleted twice");
            Assert.That(Failure(outcomes[7]), Is.EqualTo((404, "not_found")), "a deleted room listed");
            Assert.That(standIn.HasParticipant("room-a", "visitor-1"), Is.False);
            Assert.That(standIn.HasParticipant("room-a", "agent-1"), Is.True);
            Assert.That(standIn.Rooms, Is.EqualTo(new[] { "room-a" }));
            var message = standIn.DataMessages.Single();
            Assert.That((message.Room, message.Text, message.Topic, message.Kind), Is.EqualTo(("room-a", "hi", "agentsgt.session", "RELIABLE")));
            Assert.That(message.DestinationIdentities, Is.EqualTo(new[] { "visitor-1" }));
            Assert.That(standIn.Requests.Select(r => r.Claims.HasValue), Is.All.True, "every SDK token verified");
        });
    }

    [Test]
    public async Task RefusesAnotherSecret_AndAGrantForAnotherRoom()
    {
        LiveKitE2EScript.RequirePackages();
        await using var standIn = await LiveKitRoomServiceStandIn.StartAsync();
        standIn.AddParticipant("room-a", "visitor-1");

        var wrongSecret = await RunSdkAsync(standIn, standIn.Url, """[{"method":"removeParticipant","room":"room-a","identity":"visitor-1"}]""", apiSecret: "another-secret");

        Assert.That(Failure(wrongSecret[0]), Is.EqualTo((401, "unauthenticated")));
        Assert.That(standIn.HasParticipant("room-a", "visitor-1"), Is.True);
    }

    [Test]
    public async Task FailsEveryCall_WhileToldTo()
    {
        LiveKitE2EScript.RequirePackages();
        await using var standIn = await LiveKitRoomServiceStandIn.StartAsync();
        standIn.AddRoom("room-a");

        standIn.Fault = RoomServiceFault.ServerError;
        var serverError = await RunSdkAsync(standIn, standIn.Url, """[{"method":"deleteRoom","room":"room-a"}]""");
        standIn.Fault = RoomServiceFault.Unreachable;
        var unreachable = await RunSdkAsync(standIn, standIn.Url, """[{"method":"deleteRoom","room":"room-a"}]""");
        standIn.Fault = RoomServiceFault.None;

        Assert.Multiple(() =>
        {
            Assert.That(Failure(serverError[0]), Is.EqualTo((500, "internal")));
            Assert.That(unreachable[0].GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(unreachable[0].GetProperty("status").GetInt32(), Is.Zero, "no HTTP answer");
            Assert.That(standIn.HasRoom("room-a"), Is.True);
            Assert.That(standIn.Requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 500, 0 }));
        });
    }

    internal static async Task<JsonElement[]> RunSdkAsync(LiveKitRoomServiceStandIn standIn, string url, string calls, string? apiSecret = null)
    {
        var (exitCode, output, error) = await LiveKitE2EScript.RunAsync(["roomservice-parity.mjs"], new Dictionary<string, string>
        {
            ["LIVEKIT_URL"] = url,
            ["LIVEKIT_API_KEY"] = standIn.ApiKey,
            ["LIVEKIT_API_SECRET"] = apiSecret ?? standIn.ApiSecret,
            ["AGENTSGT_ROOMSERVICE_CALLS"] = calls,
        }, NodeTimeout);
        Assert.That(exitCode, Is.Zero, $"node roomservice-parity.mjs failed:\n{output}\n{error}");
        return JsonDocument.Parse(output).RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    private static (int, string?) Failure(JsonElement outcome) =>
        (outcome.GetProperty("status").GetInt32(), outcome.GetProperty("code").GetString());
}
