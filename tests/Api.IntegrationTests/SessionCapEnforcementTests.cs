using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// A duration cap end to end in the API host: LiveKit's webhooks say the visitor joined,
/// enforcement warns and deletes its room through the RoomService stand-in, LiveKit's answering
/// events do not undo the end, and a reconnect with the still-valid token is removed at once.
/// </summary>
[NonParallelizable]
public sealed class SessionCapEnforcementTests : ApiFixture
{
    private LiveKitRoomServiceStandIn _liveKit = null!;

    protected override async Task<ApiFactory> CreateFactoryAsync()
    {
        _liveKit = await LiveKitRoomServiceStandIn.StartAsync(ApiFactory.LiveKitApiKey, ApiFactory.LiveKitApiSecret);
        return await ApiFactory.CreateAsync(DatabaseName, new Dictionary<string, string?>
        {
            ["LiveKit:Url"] = _liveKit.Url,
            // Webhooks alone tell this test's joins and leaves.
            ["Sessions:ReconcileSeconds"] = "3600",
        }, await ServerAsync());
    }

    // One session through the whole path first: a running service is warm long before a cap comes due.
    [OneTimeSetUp]
    public async Task WarmUp()
    {
        var session = await IssueAsync(1);
        await DeliverAsync(Event("participant_joined", session, _liveKit.AddRoom(session.RoomName), DateTimeOffset.UtcNow));
        await _liveKit.WaitForRequestAsync("DeleteRoom", TimeSpan.FromSeconds(30), r => r.Room == session.RoomName);
        _liveKit.ClearRequests();
    }

    [OneTimeTearDown]
    public async Task StopLiveKit() => await _liveKit.DisposeAsync();

    [Test]
    public async Task AtItsCap_TheVisitorIsWarnedAndItsRoomDeleted_LiveKitsLeftKeepsTheCap_AndAReconnectIsRemovedAtOnce()
    {
        var session = await IssueAsync(3);
        var room = session.RoomName;
        var joined = DateTimeOffset.UtcNow;
        var sid = _liveKit.AddRoom(room);
        _liveKit.AddParticipant(room, "visitor-1", new Dictionary<string, string> { ["agentsgt.sessionId"] = session.Id.ToString() });
        await DeliverAsync(Event("participant_joined", session, sid, joined));

        var deleted = await _liveKit.WaitForRequestAsync("DeleteRoom", TimeSpan.FromSeconds(15), r => r.Room == room);
        Assert.That(_liveKit.DataMessages.Single(m => m.Room == room).Topic, Is.EqualTo("agentsgt.session"), "warned first");
        Assert.That(deleted.ReceivedAt, Is.LessThanOrEqualTo(joined.AddSeconds(3 + 5)), "removed within 5 s of its cap");
        var ended = await StoredAsync(session.Id);
        Assert.That(ended.EndReason, Is.EqualTo(SessionEndReason.DurationCap));

        // LiveKit's answer to the deletion: the visitor left, the room finished.
        await DeliverAsync(Event("participant_left", session, sid, DateTimeOffset.UtcNow));
        await DeliverAsync(LiveKitWebhooks.RoomFinished("EV_" + Guid.NewGuid().ToString("N"), room, sid, DateTimeOffset.UtcNow));
        Assert.That((await StoredAsync(session.Id)).EndReason, Is.EqualTo(SessionEndReason.DurationCap), "the enforced end stands");

        // The token is still valid: the client reconnects into a new room of the same name.
        var newSid = _liveKit.AddRoom(room);
        _liveKit.AddParticipant(room, "visitor-1", new Dictionary<string, string> { ["agentsgt.sessionId"] = session.Id.ToString() });
        await DeliverAsync(Event("participant_joined", session, newSid, DateTimeOffset.UtcNow));

        Assert.That(_liveKit.RequestsFor("RemoveParticipant").Where(r => r.Room == room).Select(r => r.Json.GetProperty("identity").GetString()), Is.EqualTo(new[] { "visitor-1" }), "removed while the webhook was answered");
        Assert.That(_liveKit.HasParticipant(room, "visitor-1"), Is.False);
        var stored = await StoredAsync(session.Id);
        Assert.That(stored.EndReason, Is.EqualTo(SessionEndReason.DurationCap));
        Assert.That(stored.EndedAt, Is.EqualTo(ended.EndedAt), "the end keeps its time");
    }

    private async Task<Session> IssueAsync(int maxSessionSeconds)
    {
        var session = Session.Issue(
            Guid.NewGuid(), Tenant.OrganizationId, Tenant.AgentId, Tenant.ApiKeyId, "agentsgt-room-" + Guid.NewGuid().ToString("N"), randomRoom: true, "visitor-1",
            DateTimeOffset.UtcNow, new SessionCaps(null, null, maxSessionSeconds));
        await using var db = Factory.NewDbContext();
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    private string Event(string type, Session session, string roomSid, DateTimeOffset at) =>
        LiveKitWebhooks.ParticipantEvent(type, "EV_" + Guid.NewGuid().ToString("N"), session.RoomName, roomSid, session.Identity, session.Id, Tenant.OrganizationId, Tenant.AgentId, at);

    private async Task DeliverAsync(string body)
    {
        using var response = await Client.DeliverAsync(body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<Session> StoredAsync(Guid id)
    {
        await using var db = Factory.NewDbContext();
        return await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == id);
    }
}
