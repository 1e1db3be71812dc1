using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// The webhook receiver: only LiveKit's signature gets in, each event counts once, order does not
/// matter, and only our visitors are sessions. The ledger is read back from PostgreSQL.
/// </summary>
public sealed class LiveKitWebhookTests : ApiFixture
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-30);
    private readonly RecordingRoomService _rooms = new();

    // Only webhooks move this fixture's ledger: its sessions are dated in the past, where timed
    // enforcement would end them (never joined, at their cap) while a test replays its events.
    protected override async Task<ApiFactory> CreateFactoryAsync() =>
        await ApiFactory.CreateAsync(DatabaseName, Settings, await ServerAsync(), services: s =>
        {
            s.AddSingleton<ILiveKitRoomService>(_rooms);
            TimedEnforcement.Remove(s);
        });

    private static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N")[..16];

    private async Task<Session> IssueAsync(string? identity = null, string? room = null, SessionCaps? caps = null, Session? replaces = null, DateTimeOffset? issuedAt = null, Guid? keyId = null)
    {
        var session = Session.Issue(
            Guid.NewGuid(), Tenant.OrganizationId, Tenant.AgentId, keyId ?? Tenant.ApiKeyId,
            room ?? NewId("room-"), randomRoom: true, identity ?? NewId("visitor-"), issuedAt ?? Start, caps ?? new SessionCaps(null, null, 3600), replaces);
        await using var db = Factory.NewDbContext();
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    private async Task<Session?> StoredAsync(Guid id)
    {
        await using var db = Factory.NewDbContext();
        return await db.Sessions.SingleOrDefaultAsync(s => s.Id == id);
    }

    private async Task<int> ProcessedAsync(string eventId)
    {
        await using var db = Factory.NewDbContext();
        return await db.ProcessedWebhookEvents.CountAsync(e => e.Id == eventId);
    }

    private string Joined(Session session, DateTimeOffset at, string? eventId = null, string roomSid = "RM_test") =>
        LiveKitWebhooks.ParticipantEvent("participant_joined", eventId ?? NewId("EV_"), session.RoomName, roomSid, session.Identity, session.Id, Tenant.OrganizationId, Tenant.AgentId, at);

    private string Left(Session session, DateTimeOffset at, string type = "participant_left") =>
        LiveKitWebhooks.ParticipantEvent(type, NewId("EV_"), session.RoomName, "RM_test", session.Identity, session.Id, Tenant.OrganizationId, Tenant.AgentId, at);

    private async Task DeliverAsync(string body)
    {
        using var response = await Client.DeliverAsync(body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("{}"));
    }

    [Test]
    public async Task ASignedJoin_IsAccepted_AndDatesTheSessionAtLiveKitsTime()
    {
        var session = await IssueAsync();

        await DeliverAsync(Joined(session, Start.AddSeconds(7), roomSid: "RM_joined"));

        var stored = await StoredAsync(session.Id);
        Assert.That(stored!.JoinedAt, Is.EqualTo(Start.AddSeconds(7)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(stored.RoomSid, Is.EqualTo("RM_joined"));
        Assert.That(stored.IsOpen, Is.True);
    }

    [Test]
    public async Task AnEventTime_IsClampedToIssuedAndReceived()
    {
        var session = await IssueAsync();

        await DeliverAsync(Joined(session, Start.AddDays(-2)));
        await DeliverAsync(Left(session, DateTimeOffset.UtcNow.AddDays(2)));

        var stored = await StoredAsync(session.Id);
        Assert.That(stored!.JoinedAt, Is.EqualTo(session.IssuedAt).Within(TimeSpan.FromSeconds(1)));
        Assert.That(stored.EndedAt, Is.LessThanOrEqualTo(DateTimeOffset.UtcNow));
    }

    [Test]
    public async Task ConnectionAborted_EndsTheSessionAsLeft()
    {
        var session = await IssueAsync();
        await DeliverAsync(Joined(session, Start.AddSeconds(1)));

        await DeliverAsync(Left(session, Start.AddSeconds(90), "participant_connection_aborted"));

        var stored = await StoredAsync(session.Id);
        Assert.That(stored!.EndReason, Is.EqualTo(SessionEndReason.Left));
        Assert.That(stored.Seconds(DateTimeOffset.UtcNow), Is.EqualTo(89));
    }

    private static IEnumerable<TestCaseData> Refusals()
    {
        yield return new TestCaseData("a changed body byte", (Func<string, string?>)(body => LiveKitWebhooks.Sign(body + " "))).SetName("ChangedBodyByte_Is401_AndNothingIsRecorded");
        yield return new TestCaseData("another API key", (Func<string, string?>)(body => LiveKitWebhooks.Sign(body, apiKey: "APIotherkey"))).SetName("AnotherApiKey_Is401_AndNothingIsRecorded");
        yield return new TestCaseData("another secret", (Func<string, string?>)(body => LiveKitWebhooks.Sign(body, apiSecret: "another-livekit-secret-that-is-long-enough-0123"))).SetName("AnotherSecret_Is401_AndNothingIsRecorded");
        yield return new TestCaseData("an expired token", (Func<string, string?>)(body => LiveKitWebhooks.Sign(body, expires: DateTimeOffset.UtcNow.AddMinutes(-2)))).SetName("ExpiredToken_Is401_AndNothingIsRecorded");
        yield return new TestCaseData("a Bearer prefix", (Func<string, string?>)(body => "Bearer " + LiveKitWebhooks.Sign(body))).SetName("BearerPrefix_Is401_AndNothingIsRecorded");
        yield return new TestCaseData("no header", (Func<string, string?>)(_ => null)).SetName("MissingHeader_Is401_AndNothingIsRecorded");
    }

    [TestCaseSource(nameof(Refusals))]
    public async Task AnUnverifiedDelivery_Is401_AndChangesNothing(string what, Func<string, string?> authorize)
    {
        var session = await IssueAsync();
        var eventId = NewId("EV_");
        var body = Joined(session, Start.AddSeconds(3), eventId);

        using var response = await Client.PostWebhookAsync(body, authorize(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), what);
        var json = await response.JsonAsync();
        Assert.That(json.GetProperty("error").GetString(), Is.EqualTo("invalid_signature"));
        Assert.That(json.GetProperty("message").GetString(), Is.EqualTo("Invalid webhook signature"));
        Assert.That(await ProcessedAsync(eventId), Is.Zero);
        Assert.That((await StoredAsync(session.Id))!.JoinedAt, Is.Null);
    }

    [Test]
    public async Task ASignedUnreadableBody_Is400_AndAnotherContentType_Is415()
    {
        using var garbage = await Client.DeliverAsync("{\"event\": 12");
        Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await garbage.JsonAsync()).GetProperty("error").GetString(), Is.EqualTo("invalid_request"));

        const string body = "{\"event\":\"room_started\",\"id\":\"EV_text\"}";
        using var text = await Client.PostWebhookAsync(body, LiveKitWebhooks.Sign(body), "text/plain");
        Assert.That(text.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task ABodyOverOneMebibyte_Is413()
    {
        var body = "{\"event\":\"room_started\",\"id\":\"EV_big\",\"x\":\"" + new string('a', 1024 * 1024) + "\"}";

        using var response = await Client.DeliverAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await response.JsonAsync()).GetProperty("error").GetString(), Is.EqualTo("payload_too_large"));
    }

    [Test]
    public async Task TheSameEventTwice_AndConcurrently_CountsOnce()
    {
        var session = await IssueAsync();
        await DeliverAsync(Joined(session, Start.AddSeconds(1)));
        var left = Left(session, Start.AddSeconds(60));
        var eventId = JsonDocument.Parse(left).RootElement.GetProperty("id").GetString()!;

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => DeliverAsync(left)));
        await DeliverAsync(left);

        Assert.That(await ProcessedAsync(eventId), Is.EqualTo(1));
        Assert.That((await StoredAsync(session.Id))!.EndedAt, Is.EqualTo(Start.AddSeconds(60)).Within(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task ARedeliveredJoin_DoesNotReopenASessionThatLeftSince()
    {
        var session = await IssueAsync();
        var join = Joined(session, Start.AddSeconds(1));
        await DeliverAsync(join);
        await DeliverAsync(Left(session, Start.AddSeconds(30)));

        await DeliverAsync(join);

        Assert.That((await StoredAsync(session.Id))!.IsOpen, Is.False);
    }

    [Test]
    public async Task EventsShuffled_GiveTheSameLedger()
    {
        var results = new List<string>();
        int[][] orders = [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]];
        foreach (var order in orders)
        {
            var roomSid = NewId("RM_");
            var first = await IssueAsync();
            var other = await IssueAsync(room: first.RoomName);
            string[] events =
            [
                Joined(first, Start.AddSeconds(2), roomSid: roomSid),
                Left(first, Start.AddSeconds(40)),
                Joined(other, Start.AddSeconds(5), roomSid: roomSid),
                LiveKitWebhooks.RoomFinished(NewId("EV_"), first.RoomName, roomSid, Start.AddSeconds(100)),
            ];
            foreach (var index in order)
            {
                await DeliverAsync(events[index]);
            }

            var a = await StoredAsync(first.Id);
            var b = await StoredAsync(other.Id);
            results.Add($"{a!.JoinedAt - Start}|{a.EndedAt - Start}|{a.EndReason}|{b!.JoinedAt - Start}|{b.EndedAt - Start}|{b.EndReason}");
        }

        Assert.That(results.Distinct().ToList(), Has.Count.EqualTo(1), string.Join("\n", results));
        Assert.That(results[0], Does.EndWith("|RoomFinished"));
    }

    [Test]
    public async Task ALeftWithNoJoin_LosesNothing_WhenTheJoinComesLater()
    {
        var session = await IssueAsync();

        await DeliverAsync(Left(session, Start.AddSeconds(50)));
        await DeliverAsync(Joined(session, Start.AddSeconds(10)));

        var stored = await StoredAsync(session.Id);
        Assert.That(stored!.JoinedAt, Is.EqualTo(Start.AddSeconds(10)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(stored.EndReason, Is.EqualTo(SessionEndReason.Left));
        Assert.That(stored.Seconds(DateTimeOffset.UtcNow), Is.EqualTo(40));
    }

    [Test]
    public async Task AJoinBeforeTheSessionRowIsWritten_IsKept_AndTheIssueCompletesTheRow()
    {
        var session = Session.Issue(Guid.NewGuid(), Tenant.OrganizationId, Tenant.AgentId, Tenant.ApiKeyId, NewId("room-"), true, NewId("visitor-"), Start, new SessionCaps(null, null, 600));

        await DeliverAsync(Joined(session, Start.AddSeconds(4)));
        var early = await StoredAsync(session.Id);
        Assert.That(early!.IsIssued, Is.False);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISessionRepository>().SaveIssuedAsync([session], CancellationToken.None);
        }

        var stored = await StoredAsync(session.Id);
        Assert.That(stored!.ApiKeyId, Is.EqualTo(Tenant.ApiKeyId));
        Assert.That(stored.MaxSessionSeconds, Is.EqualTo(600));
        Assert.That(stored.IssuedAt, Is.EqualTo(Start).Within(TimeSpan.FromSeconds(1)));
        Assert.That(stored.JoinedAt, Is.EqualTo(Start.AddSeconds(4)).Within(TimeSpan.FromSeconds(1)));
        Assert.That(stored.EndsAt, Is.EqualTo(Start.AddSeconds(604)).Within(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task AJoinNamingAnotherDeploymentsOrganization_IsIgnored_NotAServerError()
    {
        var foreign = Session.Issue(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), NewId("room-"), true, NewId("visitor-"), Start, new SessionCaps(null, null, 600));

        await DeliverAsync(LiveKitWebhooks.ParticipantEvent("participant_joined", NewId("EV_"), foreign.RoomName, "RM_foreign", foreign.Identity, foreign.Id, foreign.OrganizationId, foreign.AgentId, Start.AddSeconds(1)));

        Assert.That(await StoredAsync(foreign.Id), Is.Null);
    }

    [Test]
    public async Task AReloadWithTheSameIdentity_KeepsOneOpenSession_AndTheOldLeftEndsOnlyTheOld()
    {
        var first = await IssueAsync();
        await DeliverAsync(Joined(first, Start.AddSeconds(1)));
        var reload = await IssueAsync(first.Identity, first.RoomName, replaces: first, issuedAt: Start.AddSeconds(200));

        await DeliverAsync(Joined(reload, Start.AddSeconds(201)));
        await DeliverAsync(Left(first, Start.AddSeconds(201)));

        var old = await StoredAsync(first.Id);
        var current = await StoredAsync(reload.Id);
        Assert.That(old!.IsOpen, Is.False);
        Assert.That(current!.IsOpen, Is.True);
        Assert.That(current.ChainJoinedAt, Is.EqualTo(Start.AddSeconds(1)).Within(TimeSpan.FromSeconds(1)), "a rejoin counts from the chain's first join");
    }

    [Test]
    public async Task TheAgentsOwnJoinAndLeave_ChangeNothing()
    {
        var session = await IssueAsync();
        var eventId = NewId("EV_");

        await DeliverAsync(LiveKitWebhooks.ParticipantEvent("participant_joined", eventId, session.RoomName, "RM_agent", "agent-AJ_1", null, Guid.Empty, Guid.Empty, Start.AddSeconds(2)));
        await DeliverAsync(LiveKitWebhooks.ParticipantEvent("participant_left", NewId("EV_"), session.RoomName, "RM_agent", "agent-AJ_1", null, Guid.Empty, Guid.Empty, Start.AddSeconds(9)));

        var stored = await StoredAsync(session.Id);
        Assert.That((stored!.JoinedAt, stored.EndedAt), Is.EqualTo(((DateTimeOffset?)null, (DateTimeOffset?)null)));
        Assert.That(await ProcessedAsync(eventId), Is.Zero);
    }

    [Test]
    public async Task AJoinOnASessionEndedByItsDurationCap_IsRemovedAtOnce()
    {
        var session = await IssueAsync();
        await DeliverAsync(Joined(session, Start.AddSeconds(1)));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISessionRepository>().EndAsync(session.Id, SessionEndReason.DurationCap, Start.AddSeconds(60), CancellationToken.None);
        }

        await DeliverAsync(Joined(session, Start.AddSeconds(70)));
        await DeliverAsync(Left(session, Start.AddSeconds(71)));

        Assert.That(_rooms.Removed, Does.Contain((session.RoomName, session.Identity)));
        Assert.That((await StoredAsync(session.Id))!.EndReason, Is.EqualTo(SessionEndReason.DurationCap), "the enforced end wins over the left after it");
    }

    [Test]
    public async Task ALateJoinAfterNeverJoined_ReopensIfTheCapAllows_ElseIsRemovedAsOverCap()
    {
        var caps = new SessionCaps(1, null, 3600);
        var (keyId, _) = await Factory.AddKeyAsync(Tenant.OrganizationId);
        var late = await IssueAsync(caps: caps, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-5), keyId: keyId);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISessionRepository>().EndAsync(late.Id, SessionEndReason.NeverJoined, late.IssuedAt.AddSeconds(60), CancellationToken.None);
        }

        await DeliverAsync(Joined(late, DateTimeOffset.UtcNow.AddSeconds(-1)));
        Assert.That((await StoredAsync(late.Id))!.IsOpen, Is.True, "a free slot: reopened");

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISessionRepository>().EndAsync(late.Id, SessionEndReason.Left, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        var holder = await IssueAsync(caps: caps, issuedAt: DateTimeOffset.UtcNow, keyId: keyId);
        await DeliverAsync(Joined(holder, DateTimeOffset.UtcNow));
        var tooLate = await IssueAsync(caps: caps, issuedAt: DateTimeOffset.UtcNow.AddMinutes(-5), keyId: keyId);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISessionRepository>().EndAsync(tooLate.Id, SessionEndReason.NeverJoined, tooLate.IssuedAt.AddSeconds(60), CancellationToken.None);
        }

        await DeliverAsync(Joined(tooLate, DateTimeOffset.UtcNow));

        Assert.That((await StoredAsync(tooLate.Id))!.EndReason, Is.EqualTo(SessionEndReason.OverCap));
        Assert.That(_rooms.Removed, Does.Contain((tooLate.RoomName, tooLate.Identity)));
    }

    [Test]
    public async Task TheSameEventOnTwoInstancesAtOnce_CountsOnce()
    {
        await using var second = ApiFactory.OnDatabase(Factory.ConnectionString);
        using var secondClient = second.CreateClient();
        var session = await IssueAsync();
        await DeliverAsync(Joined(session, Start.AddSeconds(1)));
        var left = Left(session, Start.AddSeconds(20));
        var eventId = JsonDocument.Parse(left).RootElement.GetProperty("id").GetString()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? Client : secondClient).DeliverAsync(left)));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(await ProcessedAsync(eventId), Is.EqualTo(1));
    }
}
