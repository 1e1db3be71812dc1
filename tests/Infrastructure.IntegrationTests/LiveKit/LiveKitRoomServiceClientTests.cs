using System.Diagnostics;
using System.Diagnostics.Metrics;
using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Infrastructure.LiveKit;
using Agentsgt.Tests.Support;

namespace Agentsgt.Infrastructure.IntegrationTests.LiveKit;

/// <summary>The RoomService client against the stand-in over real HTTP, registered as the service registers it.</summary>
public sealed class LiveKitRoomServiceClientTests
{
    private const string OutageStarted = "LiveKitRoomServiceOutageStarted";
    private const string OutageEnded = "LiveKitRoomServiceOutageEnded";
    private const string ApiSecret = "distinctive-livekit-api-secret";

    private LiveKitRoomServiceStandIn _standIn = null!;

    [SetUp]
    public async Task StartStandIn() => _standIn = await LiveKitRoomServiceStandIn.StartAsync(LiveKitRoomServiceStandIn.DefaultApiKey, ApiSecret);

    [TearDown]
    public async Task StopStandIn() => await _standIn.DisposeAsync();

    [Test]
    public async Task ListsRoomsAndParticipants_AsLiveKitReportsThem()
    {
        _standIn.AddParticipant("room-a", "visitor-1", new Dictionary<string, string> { ["agentsgt.sessionId"] = "s-1" }, DateTimeOffset.FromUnixTimeSeconds(1_796_000_000), sid: "PA_1");
        _standIn.AddRoom("room-b", sid: "RM_b");
        using var host = new RoomServiceClientHost(_standIn);

        var rooms = await host.Client.ListRoomsAsync(CancellationToken.None);
        var participants = await host.Client.ListParticipantsAsync("room-a", CancellationToken.None);

        Assert.That(rooms.Select(r => (r.Name, r.NumParticipants)), Is.EqualTo(new[] { ("room-a", 1), ("room-b", 0) }));
        Assert.That(rooms[1].Sid, Is.EqualTo("RM_b"));
        var visitor = participants.Single();
        Assert.That((visitor.Identity, visitor.Sid, visitor.JoinedAt), Is.EqualTo(("visitor-1", "PA_1", (DateTimeOffset?)DateTimeOffset.FromUnixTimeSeconds(1_796_000_000))));
        Assert.That(visitor.Attributes, Is.EquivalentTo(new Dictionary<string, string> { ["agentsgt.sessionId"] = "s-1" }));
    }

    [Test]
    public async Task RemovesAndSends_WithTheMethodsGrantOnly()
    {
        _standIn.AddParticipant("room-a", "visitor-1");
        _standIn.AddParticipant("room-b", "visitor-2");
        using var host = new RoomServiceClientHost(_standIn);

        await host.Client.SendDataAsync("room-a", "hi"u8.ToArray(), "agentsgt.session", ["visitor-1"], CancellationToken.None);
        await host.Client.RemoveParticipantAsync("room-a", "visitor-1", CancellationToken.None);
        await host.Client.DeleteRoomAsync("room-b", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(_standIn.HasParticipant("room-a", "visitor-1"), Is.False);
            Assert.That(_standIn.HasRoom("room-b"), Is.False);
            var message = _standIn.DataMessages.Single();
            Assert.That((message.Room, message.Text, message.Topic, message.Kind), Is.EqualTo(("room-a", "hi", "agentsgt.session", "RELIABLE")));
            Assert.That(message.DestinationIdentities, Is.EqualTo(new[] { "visitor-1" }));
            var grants = _standIn.Requests.ToDictionary(r => r.Method, r => r.VideoGrant);
            Assert.That(grants["SendData"], Is.EquivalentTo(new Dictionary<string, string> { ["roomAdmin"] = "true", ["room"] = "\"room-a\"" }));
            Assert.That(grants["RemoveParticipant"], Is.EquivalentTo(new Dictionary<string, string> { ["roomAdmin"] = "true", ["room"] = "\"room-a\"" }));
            Assert.That(grants["DeleteRoom"], Is.EquivalentTo(new Dictionary<string, string> { ["roomCreate"] = "true" }));
            var claims = _standIn.Requests[0].Claims!.Value;
            Assert.That(claims.GetProperty("iss").GetString(), Is.EqualTo(LiveKitRoomServiceStandIn.DefaultApiKey));
            Assert.That(claims.GetProperty("exp").GetInt64() - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Is.InRange(60, 600), "a short-lived token");
        });
    }

    [Test]
    public async Task ARemovalOfWhatIsAlreadyGone_CountsAsDone()
    {
        _standIn.AddRoom("room-a");
        using var host = new RoomServiceClientHost(_standIn);

        await host.Client.DeleteRoomAsync("no-such-room", CancellationToken.None);
        await host.Client.RemoveParticipantAsync("room-a", "no-such-visitor", CancellationToken.None);
        await host.Client.RemoveParticipantAsync("no-such-room", "visitor-1", CancellationToken.None);
        var listed = await host.Client.ListParticipantsAsync("no-such-room", CancellationToken.None);

        Assert.That(_standIn.Requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 404, 404, 404, 404 }), "one attempt each: LiveKit answered");
        Assert.That(listed, Is.Empty);
        Assert.That(host.Logs.Entries, Has.None.Contains(OutageStarted));
    }

    [TestCase(RoomServiceFault.ServerError)]
    [TestCase(RoomServiceFault.Unreachable)]
    public async Task AFailingLiveKit_IsTriedThreeTimesWithBackoff_ThenLiveKitUnavailable(RoomServiceFault fault)
    {
        _standIn.AddRoom("room-a");
        _standIn.Fault = fault;
        using var host = new RoomServiceClientHost(_standIn);

        var clock = Stopwatch.StartNew();
        Assert.That(async () => await host.Client.DeleteRoomAsync("room-a", CancellationToken.None), Throws.TypeOf<LiveKitUnavailableException>());

        Assert.That(_standIn.RequestsFor("DeleteRoom"), Has.Count.EqualTo(LiveKitRoomServiceClient.MaxAttempts));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600)), "200 ms, then 400 ms between attempts");
        Assert.That(_standIn.HasRoom("room-a"), Is.True);
    }

    [Test]
    public async Task ALiveKitThatNeverAnswers_IsGivenUpOnWithinTheAttemptBounds()
    {
        _standIn.AddRoom("room-a");
        _standIn.Fault = RoomServiceFault.Unanswered;
        using var host = new RoomServiceClientHost(_standIn);

        var clock = Stopwatch.StartNew();
        Assert.That(async () => await host.Client.DeleteRoomAsync("room-a", CancellationToken.None), Throws.TypeOf<LiveKitUnavailableException>());

        var bound = (LiveKitRoomServiceClient.AttemptTimeout * LiveKitRoomServiceClient.MaxAttempts) + TimeSpan.FromSeconds(2);
        Assert.That(clock.Elapsed, Is.LessThan(bound));
        Assert.That(_standIn.RequestsFor("DeleteRoom"), Has.Count.EqualTo(LiveKitRoomServiceClient.MaxAttempts));
        Assert.That(host.Logs.Entries.Single(e => e.Contains(OutageStarted, StringComparison.Ordinal)), Does.Contain("no answer within 5 s"));
    }

    [Test]
    public async Task NothingListening_IsLiveKitUnavailable()
    {
        var url = _standIn.Url;
        await _standIn.DisposeAsync();
        using var host = new RoomServiceClientHost(url, LiveKitRoomServiceStandIn.DefaultApiKey, ApiSecret);

        Assert.That(async () => await host.Client.ListRoomsAsync(CancellationToken.None), Throws.TypeOf<LiveKitUnavailableException>());
        _standIn = await LiveKitRoomServiceStandIn.StartAsync(LiveKitRoomServiceStandIn.DefaultApiKey, ApiSecret);
    }

    [Test]
    public async Task ARefusedToken_IsNotRetried()
    {
        _standIn.AddRoom("room-a");
        using var host = new RoomServiceClientHost(_standIn.Url, LiveKitRoomServiceStandIn.DefaultApiKey, "not-the-secret");

        Assert.That(async () => await host.Client.DeleteRoomAsync("room-a", CancellationToken.None), Throws.TypeOf<LiveKitUnavailableException>());

        Assert.That(_standIn.Requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 401 }));
        Assert.That(host.Logs.Entries.Count(e => e.Contains(OutageStarted, StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task AnOutage_IsLoggedOnceWhenItStarts_AndOnceWhenLiveKitAnswersAgain()
    {
        _standIn.AddRoom("room-a");
        using var host = new RoomServiceClientHost(_standIn);
        _standIn.Fault = RoomServiceFault.ServerError;
        for (var i = 0; i < 3; i++)
        {
            Assert.That(async () => await host.Client.ListRoomsAsync(CancellationToken.None), Throws.TypeOf<LiveKitUnavailableException>());
        }

        var duringOutage = host.Logs.Entries.ToList();
        _standIn.Fault = RoomServiceFault.None;
        await host.Client.ListRoomsAsync(CancellationToken.None);
        await host.Client.DeleteRoomAsync("room-a", CancellationToken.None);

        var logs = host.Logs.Entries.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(duringOutage.Count(e => e.Contains(OutageStarted, StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", duringOutage));
            Assert.That(duringOutage, Has.None.Contains(OutageEnded));
            Assert.That(logs.Count(e => e.Contains(OutageEnded, StringComparison.Ordinal)), Is.EqualTo(1));
            Assert.That(logs.Single(e => e.Contains(OutageEnded, StringComparison.Ordinal)), Does.Contain("3 call(s) failed"));
            Assert.That(logs.Single(e => e.Contains(OutageStarted, StringComparison.Ordinal)), Does.Contain("ListRooms").And.Contain("HTTP 500 internal"));
            Assert.That(logs, Has.None.Contains("System.Net.Http"), "no per-call lines from HttpClient");
            Assert.That(logs, Has.None.Contains(ApiSecret).And.None.Contains("Bearer").And.None.Contains("eyJ"), "no secret or token");
        });
    }

    [Test]
    public async Task CountsCalls_ByMethodAndResult()
    {
        _standIn.AddRoom("room-a");
        using var host = new RoomServiceClientHost(_standIn);
        var counted = new List<(string Method, string Result)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LiveKitRoomServiceClient.MeterName && instrument.Name == LiveKitRoomServiceClient.CallsName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => (string)t.Value!);
            lock (counted)
            {
                counted.AddRange(Enumerable.Repeat((tagged["method"], tagged["result"]), (int)value));
            }
        });
        listener.Start();

        await host.Client.ListRoomsAsync(CancellationToken.None);
        await host.Client.DeleteRoomAsync("room-a", CancellationToken.None);
        await host.Client.DeleteRoomAsync("room-a", CancellationToken.None);
        _standIn.Fault = RoomServiceFault.ServerError;
        Assert.That(async () => await host.Client.ListRoomsAsync(CancellationToken.None), Throws.TypeOf<LiveKitUnavailableException>());

        Assert.That(counted, Is.EqualTo(new[] { ("ListRooms", "ok"), ("DeleteRoom", "ok"), ("DeleteRoom", "not_found"), ("ListRooms", "failed") }));
    }

    [Test]
    public void WithoutLiveKitSettings_IsNotConfigured_AndCallsNothing()
    {
        using var host = new RoomServiceClientHost(string.Empty, string.Empty, string.Empty);

        Assert.That(host.Client.IsConfigured, Is.False);
        Assert.That(async () => await host.Client.ListRoomsAsync(CancellationToken.None), Throws.TypeOf<LiveKitUnavailableException>());
        Assert.That(_standIn.Requests, Is.Empty);
    }
}
