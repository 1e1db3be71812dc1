using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.Security;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// Publishable keys (<c>Authorization: Bearer pk_…</c>, no secret) through the real pipeline on a
/// real PostgreSQL: accepted only with an allowed <c>Origin</c> and for allowed agents; every other
/// case refused with the contract's errors; CORS answered for exactly their origins.
/// </summary>
public sealed class PublishableKeyTests : ApiFixture
{
    private const string Shop = "https://shop.example.test";
    private const string OtherShop = "https://other.example.test";
    private const string Blog = "http://blog.example.test:8080";


    // Every request here comes from the same (test host) address: the per-address limit has its own tests.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:PublishablePerAddressTokenLimit"] = "1000" };

    [OneTimeSetUp]
    public async Task AddPublishableKey()
    {
        // Before any request: the preflight cache's first load must already see these origins.
        await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop, Blog]);
    }

    internal static HttpRequestMessage Post(string path, string? authorization, string? origin, string json = "{}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return request;
    }

    internal static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => Client.SendAsync(request);

    private async Task<string> NewKeyAsync(IEnumerable<Guid>? agents = null, DateTimeOffset? expiresAt = null) =>
        (await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop, Blog], agents, expiresAt)).PublicKey;

    // ---- Accepted -------------------------------------------------------------------------

    [Test]
    public async Task IssuesAToken_FromAnAllowedOrigin_WithThePublicPartAlone(
        [ValueSource(typeof(TokenEndpoint), nameof(TokenEndpoint.Both))] TokenEndpoint endpoint,
        [Values(Shop, Blog)] string origin)
    {
        var key = await NewKeyAsync();

        var response = await SendAsync(Post(endpoint.Path(Tenant.AgentId), $"Bearer {key}", origin, $$"""{"{{endpoint.VisitorNameField}}":"Web visitor"}"""));

        var (body, token) = await response.AssertIssuedAsync(endpoint, publishable: true);
        Assert.That(token.Claim("name"), Is.EqualTo("Web visitor"));
        Assert.That(body.Room(endpoint), Does.StartWith($"agentsgt-room-{Tenant.AgentId:D}-{Tenant.OrganizationId:D}-"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { origin }), "the page can read the answer");
        Assert.That(response.Headers.Contains("Access-Control-Allow-Credentials"), Is.False);
    }

    [Test]
    public async Task IssuesAToken_ForAnAgentOnTheAllowList()
    {
        var key = await NewKeyAsync([Tenant.AgentId]);

        await (await SendAsync(Post(Tenant.TokenPath(), $"bearer   {key}", Shop))).AssertIssuedAsync(TokenEndpoint.Contract, publishable: true);
    }

    [Test]
    public async Task RecordsLastUsedAt_OnlyWhenTheOriginMatches()
    {
        var (keyId, key) = await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop]);

        await (await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}", OtherShop))).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        await (await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}", null))).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        Assert.That(await Factory.LastUsedAtAsync(keyId), Is.Null);

        await (await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop))).AssertIssuedAsync(TokenEndpoint.Contract, publishable: true);
        Assert.That(await Factory.LastUsedAtAsync(keyId), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    // ---- Rooms and identities: never the caller's choice (issue 12, item 1) -----------------

    [Test]
    public async Task PublishableKey_GetsAFreshRoomAndIdentity_WhateverItAsks([ValueSource(typeof(TokenEndpoint), nameof(TokenEndpoint.Both))] TokenEndpoint endpoint)
    {
        var key = await NewKeyAsync();
        string Body(string room) =>
            $$"""{"{{endpoint.RoomField}}":"{{room}}","{{endpoint.VisitorIdField}}":"user-123","{{endpoint.VisitorNameField}}":"Web visitor"}""";

        // A room a trusted server chose earlier (full name) and its visitor's identity, and the short-name form.
        var secret = await (await SendAsync(Post(endpoint.Path(Tenant.AgentId), Tenant.Authorization, null, Body("support-room-001")))).JsonAsync();
        var fullRoom = secret.Room(endpoint);

        foreach (var json in new[] { Body("support-room-001"), Body(fullRoom) })
        {
            var (body, token) = await (await SendAsync(Post(endpoint.Path(Tenant.AgentId), $"Bearer {key}", Shop, json))).AssertIssuedAsync(endpoint, publishable: true);
            Assert.That(body.Room(endpoint), Does.Match($"^agentsgt-room-{Tenant.AgentId:D}-{Tenant.OrganizationId:D}-[a-z0-9]{{16,}}$").And.Not.EqualTo(fullRoom).And.Not.EndWith("-support-room-001"), json);
            Assert.That(token.Payload.GetProperty("video").GetProperty("room").GetString(), Is.EqualTo(body.Room(endpoint)));
            Assert.That(token.Claim("sub"), Does.StartWith("visitor-"), json);
            if (!endpoint.IsTokenSource)
            {
                Assert.That(token.Claim("sub"), Is.EqualTo(body.GetProperty("visitorId").GetString()), json);
            }

            Assert.That(token.Claim("name"), Is.EqualTo("Web visitor"), "the display name stays the caller's choice");
        }
    }

    [Test]
    public async Task PublishableKey_RoomNameAndVisitorId_AreIgnoredNotValidated()
    {
        var key = await NewKeyAsync();

        await (await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop, """{"roomName":"bad room!","visitorId":"has space"}"""))).AssertIssuedAsync(TokenEndpoint.Contract, publishable: true);
    }

    // ---- Resume tokens: only that visitor gets back into its room --------------------------

    private async Task<JsonElement> IssuedAsync(HttpRequestMessage request, HttpClient? client = null)
    {
        var publishable = !request.Headers.GetValues("Authorization").Single().Contains(':', StringComparison.Ordinal);
        return (await (await (client ?? Client).SendAsync(request)).AssertIssuedAsync(TokenEndpoint.Of(request), publishable: publishable)).Body;
    }

    private static string ResumeBody(string resumeToken, string extra = "") => $$"""{"resumeToken":{{JsonSerializer.Serialize(resumeToken)}}{{extra}}}""";

    private async Task AssertResumeRefusedAsync(HttpRequestMessage request, string message)
    {
        var body = await (await SendAsync(request)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "resumeToken" }));
        Assert.That(body.GetProperty("details").GetProperty("resumeToken")[0].GetString(), Is.EqualTo(message));
    }

    [Test]
    public async Task Resume_RejoinsTheSameRoomAsTheSameVisitor_AndCarriesTheNextResumeToken()
    {
        var key = await NewKeyAsync();
        var first = await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop));
        var resumeToken = first.GetProperty("resumeToken").GetString()!;

        // A reload: the page sends back what it kept; roomName and visitorId still change nothing.
        var again = await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Blog, ResumeBody(resumeToken, ",\"roomName\":\"support-room-001\",\"visitorId\":\"user-123\",\"visitorName\":\"Back again\"")));

        Assert.That(again.GetProperty("roomName").GetString(), Is.EqualTo(first.GetProperty("roomName").GetString()));
        Assert.That(again.GetProperty("visitorId").GetString(), Is.EqualTo(first.GetProperty("visitorId").GetString()));
        var token = Tests.Support.LiveKitTokenReader.Verify(again.GetProperty("token").GetString()!, ApiFactory.LiveKitApiSecret);
        Assert.That(token.Claim("sub"), Is.EqualTo(first.GetProperty("visitorId").GetString()));
        Assert.That(token.Payload.GetProperty("video").GetProperty("room").GetString(), Is.EqualTo(first.GetProperty("roomName").GetString()));
        Assert.That(token.Claim("name"), Is.EqualTo("Back again"));

        // The next reload uses the newer value; both endpoints read it.
        var viaTokenSource = await IssuedAsync(Post(Tenant.TokenSourcePath(), $"Bearer {key}", Shop, $$"""{"resume_token":{{JsonSerializer.Serialize(again.GetProperty("resumeToken").GetString())}}}"""));
        Assert.That(viaTokenSource.GetProperty("room_name").GetString(), Is.EqualTo(first.GetProperty("roomName").GetString()));
        Assert.That(viaTokenSource.GetProperty("resume_token").GetString(), Is.Not.Empty);
    }

    [Test]
    public async Task Resume_WorksOnAnotherInstanceConfiguredAlike()
    {
        var key = await NewKeyAsync();
        var first = await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop));

        await using var otherInstance = ApiFactory.OnDatabase(Factory.ConnectionString, new Dictionary<string, string?> { ["RateLimiting:PublishablePerAddressTokenLimit"] = "1000" });
        using var otherClient = otherInstance.CreateClient();
        var again = await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop, ResumeBody(first.GetProperty("resumeToken").GetString()!)), otherClient);

        Assert.That(again.GetProperty("roomName").GetString(), Is.EqualTo(first.GetProperty("roomName").GetString()));
        Assert.That(again.GetProperty("visitorId").GetString(), Is.EqualTo(first.GetProperty("visitorId").GetString()));
    }

    [Test]
    public async Task Resume_IsRefused_ForAnotherPublishableKey_EvenOfTheSameOrganization()
    {
        var key = await NewKeyAsync();
        var resumeToken = (await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop))).GetProperty("resumeToken").GetString()!;
        var otherKey = await NewKeyAsync();
        var otherTenant = await Factory.CreateTenantAsync();
        var otherOrganizationsKey = (await Factory.AddPublishableKeyAsync(otherTenant.OrganizationId, [Shop])).PublicKey;

        await AssertResumeRefusedAsync(Post(Tenant.TokenPath(), $"Bearer {otherKey}", Shop, ResumeBody(resumeToken)), Application.VoiceTokens.Commands.IssueVoiceToken.IssueVoiceTokenCommandHandler.ResumeTokenNotYoursMessage);
        await AssertResumeRefusedAsync(Post(otherTenant.TokenPath(), $"Bearer {otherOrganizationsKey}", Shop, ResumeBody(resumeToken)), Application.VoiceTokens.Commands.IssueVoiceToken.IssueVoiceTokenCommandHandler.ResumeTokenNotYoursMessage);
    }

    [Test]
    public async Task Resume_IsRefused_ForAnotherAgent()
    {
        var otherAgent = await Factory.AddAgentAsync(Tenant.OrganizationId);
        var key = await NewKeyAsync();
        var resumeToken = (await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop))).GetProperty("resumeToken").GetString()!;

        await AssertResumeRefusedAsync(Post(Tenant.TokenPath(otherAgent), $"Bearer {key}", Shop, ResumeBody(resumeToken)), Application.VoiceTokens.Commands.IssueVoiceToken.IssueVoiceTokenCommandHandler.ResumeTokenNotYoursMessage);
    }

    [Test]
    public async Task Resume_IsRefused_WhenModified()
    {
        var key = await NewKeyAsync();
        var resumeToken = (await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop))).GetProperty("resumeToken").GetString()!;
        var parts = resumeToken.Split('.');

        // Another identity in the payload, a flipped signature, a dropped signature, "alg":"none", not a token at all.
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]));
        var otherSub = System.Text.RegularExpressions.Regex.Replace(payload, "\"sub\":\"[^\"]+\"", "\"sub\":\"user-123\"");
        Assert.That(otherSub, Is.Not.EqualTo(payload));
        var none = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var tampered = new[]
        {
            $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(otherSub)}.{parts[2]}",
            $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}",
            $"{parts[0]}.{parts[1]}.",
            $"{none}.{parts[1]}.",
            "not-a-resume-token",
        };

        foreach (var value in tampered)
        {
            await AssertResumeRefusedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop, ResumeBody(value)), Application.VoiceTokens.Commands.IssueVoiceToken.IssueVoiceTokenCommandHandler.ResumeTokenInvalidMessage);
        }
    }

    [Test]
    public async Task Resume_IsRefused_WhenExpired()
    {
        var (keyId, key) = await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop]);
        var first = await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop));

        // What this deployment issued for that very visitor an hour and a minute ago (same pepper, so same key).
        var hashing = new ApiKeyHashingOptions { CurrentPepperId = "test" };
        hashing.Peppers["test"] = ApiFactory.Pepper;
        var session = new VisitorSession(keyId, Tenant.AgentId, Tenant.OrganizationId, first.GetProperty("roomName").GetString()!, first.GetProperty("visitorId").GetString()!);
        var issuedAt = DateTimeOffset.UtcNow.AddMinutes(-61);
        var expired = new VisitorResumeTokens(Microsoft.Extensions.Options.Options.Create(hashing)).Issue(session, issuedAt, issuedAt.AddHours(1));
        var fresh = new VisitorResumeTokens(Microsoft.Extensions.Options.Options.Create(hashing)).Issue(session, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        await AssertResumeRefusedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop, ResumeBody(expired)), Application.VoiceTokens.Commands.IssueVoiceToken.IssueVoiceTokenCommandHandler.ResumeTokenExpiredMessage);
        Assert.That((await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop, ResumeBody(fresh)))).GetProperty("roomName").GetString(), Is.EqualTo(session.RoomName), "the same value, in date, is accepted");
    }

    [Test]
    public async Task Resume_IsRefused_WhenSignedWithAnotherDeploymentsPepper()
    {
        var (keyId, key) = await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop]);
        var hashing = new ApiKeyHashingOptions { CurrentPepperId = "test" };
        hashing.Peppers["test"] = "another-deployments-pepper-0123456789-abcdef";
        var session = new VisitorSession(keyId, Tenant.AgentId, Tenant.OrganizationId, $"agentsgt-room-{Tenant.AgentId:D}-{Tenant.OrganizationId:D}-support-room-001", "user-123");
        var forged = new VisitorResumeTokens(Microsoft.Extensions.Options.Options.Create(hashing)).Issue(session, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));

        await AssertResumeRefusedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop, ResumeBody(forged)), Application.VoiceTokens.Commands.IssueVoiceToken.IssueVoiceTokenCommandHandler.ResumeTokenInvalidMessage);
    }

    [Test]
    public async Task SecretKeys_ChooseRoomAndIdentityAsBefore_AndGetNoResumeToken()
    {
        var key = await NewKeyAsync();
        var resumeToken = (await IssuedAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop))).GetProperty("resumeToken").GetString()!;

        var body = await IssuedAsync(Post(Tenant.TokenPath(), Tenant.Authorization, null, ResumeBody(resumeToken, ",\"roomName\":\"support-room-001\",\"visitorId\":\"user-123\"")));
        var tokenSource = await IssuedAsync(Post(Tenant.TokenSourcePath(), Tenant.Authorization, null, """{"room_name":"support-room-001","participant_identity":"user-123"}"""));

        Assert.That(body.GetProperty("roomName").GetString(), Is.EqualTo($"agentsgt-room-{Tenant.AgentId:D}-{Tenant.OrganizationId:D}-support-room-001"));
        Assert.That(body.GetProperty("visitorId").GetString(), Is.EqualTo("user-123"));
        Assert.That(body.TryGetProperty("resumeToken", out _), Is.False);
        Assert.That(tokenSource.GetProperty("room_name").GetString(), Does.EndWith("-support-room-001"));
        Assert.That(tokenSource.TryGetProperty("resume_token", out _), Is.False);
    }

    // ---- Check 1: credentials in the wrong form → 401 unauthorized ------------------------

    [Test]
    public async Task Unauthorized_WhenASecretIsAppendedToAPublishableKey()
    {
        var key = await NewKeyAsync();

        var response = await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}:sk_abcdef1234567890abcdef1234567890", Shop));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Unauthorized");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Unauthorized_ForASecretKeysPublicPartAlone()
    {
        var response = await SendAsync(Post(Tenant.TokenPath(), $"Bearer {Tenant.Credentials.PublicKey}", Shop));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Unauthorized");
    }

    [Test]
    public async Task Unauthorized_ForAnUnknownPublicPartAlone()
    {
        var response = await SendAsync(Post(Tenant.TokenPath(), "Bearer pk_unknownPublishable0123456789", Shop));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Unauthorized");
    }

    // ---- Check 2: not valid here → 401 invalid_key -----------------------------------------

    [TestCase(null, TestName = "InvalidKey_WithoutOrigin")]
    [TestCase(OtherShop, TestName = "InvalidKey_FromAnotherOrigin")]
    [TestCase("https://SHOP.example.test", TestName = "InvalidKey_FromTheOriginInAnotherCase")]
    [TestCase("https://shop.example.test/", TestName = "InvalidKey_FromTheOriginWithATrailingSlash")]
    [TestCase("https://shop.example.test:443", TestName = "InvalidKey_FromTheOriginWithAnExplicitDefaultPort")]
    [TestCase("http://shop.example.test", TestName = "InvalidKey_FromTheOriginOverHttp")]
    [TestCase("https://shop.example.test.evil.test", TestName = "InvalidKey_FromASuffixedHost")]
    [TestCase("null", TestName = "InvalidKey_FromAnOpaqueOrigin")]
    public async Task InvalidKey_UnlessTheOriginIsExactlyAllowed(string? origin)
    {
        var key = await NewKeyAsync();

        var response = await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}", origin));

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task InvalidKey_WhenTwoOriginHeadersAreSent()
    {
        var key = await NewKeyAsync();
        var request = Post(Tenant.TokenPath(), $"Bearer {key}", Shop);
        request.Headers.TryAddWithoutValidation("Origin", Shop);

        await (await SendAsync(request)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
    }

    [Test]
    public async Task InvalidKey_WhenRevoked_FromTheNextRequestOn()
    {
        var (keyId, key) = await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop]);
        Assert.That((await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop))).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await Factory.RevokeKeyAsync(keyId);

        await (await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop))).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
    }

    [Test]
    public async Task InvalidKey_WhenExpired()
    {
        var key = await NewKeyAsync(expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1));

        await (await SendAsync(Post(Tenant.TokenPath(), $"Bearer {key}", Shop))).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
    }

    // ---- Check 7: agents → 404, the same body as any unknown agent ------------------------

    [Test]
    public async Task NotFound_ForAnAgentNotOnTheAllowList_AsForAnyUnknownAgent()
    {
        var otherAgent = await Factory.AddAgentAsync(Tenant.OrganizationId);
        var key = await NewKeyAsync([Tenant.AgentId]);

        var refused = await SendAsync(Post(Tenant.TokenPath(otherAgent), $"Bearer {key}", Shop));
        var unknown = await SendAsync(Post(Tenant.TokenPath(Guid.NewGuid()), $"Bearer {key}", Shop));

        await refused.AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
        Assert.That(await refused.Content.ReadAsStringAsync(), Is.EqualTo(await unknown.Content.ReadAsStringAsync()));
        Assert.That((await SendAsync(Post(Tenant.TokenSourcePath(otherAgent), $"Bearer {key}", Shop))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task NotFound_ForAnotherOrganizationsAgent_EvenWithoutAnAllowList()
    {
        var other = await Factory.CreateTenantAsync();
        var key = await NewKeyAsync();

        await (await SendAsync(Post(Tenant.TokenPath(other.AgentId), $"Bearer {key}", Shop))).AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    [Test]
    public async Task ValidationErrors_ComeBeforeTheAllowListCheck_AsBeforeAnyAgentCheck()
    {
        var otherAgent = await Factory.AddAgentAsync(Tenant.OrganizationId);
        var key = await NewKeyAsync([Tenant.AgentId]);

        await (await SendAsync(Post(Tenant.TokenPath(otherAgent), $"Bearer {key}", Shop, """{"visitorName":"bell\u0007"}""")))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    // ---- CORS ------------------------------------------------------------------------------

    [Test]
    public async Task Preflight_FromAnAllowedOrigin_IsAnsweredWithExactlyThatOrigin()
    {
        await NewKeyAsync();

        foreach (var path in new[] { Tenant.TokenPath(), Tenant.TokenSourcePath() })
        {
            var response = await SendAsync(Preflight(path, Shop));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), path);
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Shop }));
            Assert.That(response.Headers.Vary, Does.Contain("Origin"));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), Is.EqualTo("POST"));
            Assert.That(string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToUpperInvariant(), Does.Contain("AUTHORIZATION").And.Contain("CONTENT-TYPE"));
            Assert.That(response.Headers.Contains("Access-Control-Allow-Credentials"), Is.False, "no credentials mode");
        }
    }

    [TestCase(OtherShop)]
    [TestCase("https://shop.example.test.evil.test")]
    [TestCase("null")]
    public async Task Preflight_FromAnOriginNoKeyAllows_GetsNoCorsHeaders(string origin)
    {
        await NewKeyAsync();

        foreach (var path in new[] { Tenant.TokenPath(), Tenant.TokenSourcePath() })
        {
            var response = await SendAsync(Preflight(path, origin));

            // Never the action (its 401): the answer any route gives a method it does not take.
            await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
            Assert.That(response.Content.Headers.Allow, Is.EqualTo(new[] { "POST" }), path);
            Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False, path);
        }
    }

    [TestCase("GET")]
    [TestCase("PUT")]
    public async Task Preflight_AskingForAnotherMethod_IsRefused_WithoutRunningTheAction(string method)
    {
        await NewKeyAsync();

        var request = Preflight(Tenant.TokenPath(), Shop);
        request.Headers.Remove("Access-Control-Request-Method");
        request.Headers.Add("Access-Control-Request-Method", method);
        var response = await SendAsync(request);

        // No endpoint takes that method (404, decisions.md): never a 2xx, CORS headers or the key check.
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task Preflight_IsRecognisedByTheEndpoint_NotByTheSpellingOfItsPath()
    {
        await NewKeyAsync();

        // Routing matches these to the token endpoints (case, trailing slash), so CORS must too.
        foreach (var path in new[] { Tenant.TokenPath().ToUpperInvariant(), Tenant.TokenSourcePath() + "/" })
        {
            var response = await SendAsync(Preflight(path, Shop));

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), path);
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Shop }), path);
        }
    }

    [Test]
    public async Task Preflight_ToAnyOtherRoute_GetsNoCorsHeaders_EvenFromAnAllowedOrigin()
    {
        await NewKeyAsync();

        foreach (var path in new[] { "/health/ready", $"/api/v1/agents/{Tenant.AgentId}/livekit/other", "/api/v1/other" })
        {
            var response = await SendAsync(Preflight(path, Shop));
            Assert.That(response.Headers.Contains("Access-Control-Allow-Origin"), Is.False, path);
        }
    }

    [Test]
    public async Task ErrorsToAnAllowedOrigin_CarryTheCorsHeader_SoThePageCanReadThem()
    {
        var key = await NewKeyAsync([Tenant.AgentId]);

        var notFound = await SendAsync(Post(Tenant.TokenPath(Guid.NewGuid()), $"Bearer {key}", Shop));

        await notFound.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        Assert.That(notFound.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { Shop }));
    }

    [Test]
    public async Task SecretKeys_WorkAsBefore_WithOrWithoutAnOrigin()
    {
        await NewKeyAsync();

        foreach (var origin in new[] { null, Shop, OtherShop })
        {
            var response = await SendAsync(Post(Tenant.TokenPath(), Tenant.Authorization, origin));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), origin);
        }
    }
}
