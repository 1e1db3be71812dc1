using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// What only <c>/livekit/token</c> does: the API page's examples, room names, and the rest of
/// <c>/api</c>. The contract's order of checks, shared with token-source, is in
/// <see cref="TokenEndpointContractTests"/>. Every issued token is verified.
/// </summary>
public sealed class VoiceTokenEndpointTests : ApiFixture
{
    private static readonly TokenEndpoint Endpoint = TokenEndpoint.Contract;

    private async Task<(System.Text.Json.JsonElement Body, Tests.Support.LiveKitTokenReader Token)> IssueAsync(string? json = "{}", TestTenant? tenant = null)
    {
        tenant ??= Tenant;
        return await (await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, json)).AssertIssuedAsync(Endpoint);
    }

    // ---- Success -------------------------------------------------------------------------

    [Test]
    public async Task IssuesAToken_ForTheApiPagesExampleRequest()
    {
        var (body, token) = await IssueAsync("""{ "roomName": "support-room-001", "visitorId": "user-123", "visitorName": "John Doe" }""");

        Assert.That(body.GetProperty("roomName").GetString(), Is.EqualTo(RoomName.FromShortName(Tenant.AgentId, Tenant.OrganizationId, "support-room-001").Value));
        Assert.That(body.GetProperty("visitorId").GetString(), Is.EqualTo("user-123"));
        Assert.That(token.Claim("name"), Is.EqualTo("John Doe"));
    }

    [Test]
    public async Task IssuesAToken_ForTheApiPagesCurlExample()
    {
        var (body, token) = await IssueAsync("""{ "visitorName": "John Doe" }""");

        Assert.That(RoomName.TryParse(body.GetProperty("roomName").GetString(), out var room), Is.True);
        Assert.That(room!.AgentId, Is.EqualTo(Tenant.AgentId));
        Assert.That(room.OrganizationId, Is.EqualTo(Tenant.OrganizationId));
        Assert.That(room.Suffix, Does.Match("^[a-z0-9]{16,}$"));
        Assert.That(token.Claim("name"), Is.EqualTo("John Doe"));
    }

    [Test]
    public async Task GeneratesAFreshRoomAndIdentity_OnEveryCall()
    {
        var first = (await IssueAsync()).Body;
        var second = (await IssueAsync()).Body;

        Assert.That(first.GetProperty("roomName").GetString(), Is.Not.EqualTo(second.GetProperty("roomName").GetString()));
        Assert.That(first.GetProperty("visitorId").GetString(), Is.Not.EqualTo(second.GetProperty("visitorId").GetString()));
    }

    [Test]
    public async Task GivesTwoOrganizationsDifferentRooms_ForTheSameShortName()
    {
        var other = await Factory.CreateTenantAsync();

        var mine = (await IssueAsync("""{"roomName":"support"}""")).Body;
        var theirs = (await IssueAsync("""{"roomName":"support"}""", other)).Body;
        var mineAgain = (await IssueAsync("""{"roomName":"support"}""")).Body;

        Assert.That(mine.GetProperty("roomName").GetString(), Is.Not.EqualTo(theirs.GetProperty("roomName").GetString()));
        Assert.That(mine.GetProperty("roomName").GetString(), Is.EqualTo(mineAgain.GetProperty("roomName").GetString()));
    }

    [Test]
    public async Task TrimsFields_AndTreatsEmptyAsOmitted()
    {
        var (body, token) = await IssueAsync("""{"roomName":"  ","visitorId":"  user-7  ","visitorName":"  José Núñez "}""");

        Assert.That(body.GetProperty("visitorId").GetString(), Is.EqualTo("user-7"));
        Assert.That(token.Claim("name"), Is.EqualTo("José Núñez"));
        Assert.That(RoomName.TryParse(body.GetProperty("roomName").GetString(), out _), Is.True);
    }

    [Test]
    public async Task FiftyParallelCallsOnOneKey_AllSucceed()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization)));

        foreach (var response in responses)
        {
            await response.AssertIssuedAsync(Endpoint);
        }
    }

    // ---- Everything else on /api is the contract's JSON too ------------------------------------

    [Test]
    public async Task UnknownApiRoutes_AnswerJsonNotFound()
    {
        await (await Client.GetAsync("/api/v1/nothing-here")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }
}
