using System.Globalization;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// Visitor context (metadata, attributes) and TTL, on both endpoints: the same rules, each under the
/// endpoint's own JSON names (<c>metadata</c> / <c>participant_metadata</c>, …).
/// </summary>
[TestFixtureSource(typeof(TokenEndpoint), nameof(TokenEndpoint.Both))]
public sealed class VisitorContextTests(TokenEndpoint endpoint) : ApiFixture
{
    protected override string DatabaseName => "context_" + endpoint.Name;

    private string MetadataField => endpoint.MetadataField;

    private string AttributesField => endpoint.AttributesField;

    private string TtlField => endpoint.TtlField;

    private Task<HttpResponseMessage> PostAsync(string json) =>
        Client.PostTokenAsync(endpoint.Path(Tenant.AgentId), Tenant.Authorization, json);

    /// <summary>A body with one field, named as this endpoint names it.</summary>
    private Task<HttpResponseMessage> PostFieldAsync(string field, string jsonValue) => PostAsync($$"""{"{{field}}":{{jsonValue}}}""");

    private Task<(JsonElement Body, LiveKitTokenReader Token)> AssertIssuedAsync(HttpResponseMessage response, int ttl = 3600) =>
        response.AssertIssuedAsync(endpoint, ttl);

    private async Task AssertFieldErrorAsync(HttpResponseMessage response, string detailsKey)
    {
        var body = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error", "One or more fields are invalid");
        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { detailsKey }));
    }

    private static Dictionary<string, string?> Attributes(LiveKitTokenReader token) =>
        token.Payload.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

    // ---- Metadata ---------------------------------------------------------------------------

    [Test]
    public async Task Metadata_ReachesTheTokenExactlyAsSent()
    {
        var (_, token) = await AssertIssuedAsync(await PostFieldAsync(MetadataField, "\"  {\\\"page\\\":\\\"/pricing\\\",\\\"name\\\":\\\"José\\\"}  \""));

        Assert.That(token.Claim("metadata"), Is.EqualTo("  {\"page\":\"/pricing\",\"name\":\"José\"}  "));
    }

    [TestCase("\"\"")]
    [TestCase("null")]
    public async Task Metadata_EmptyOrNullMeansNone(string value)
    {
        var (_, token) = await AssertIssuedAsync(await PostFieldAsync(MetadataField, value));

        Assert.That(token.Payload.TryGetProperty("metadata", out _), Is.False);
    }

    [Test]
    public async Task Metadata_Accepts4KiB()
    {
        var (_, token) = await AssertIssuedAsync(await PostFieldAsync(MetadataField, $"\"{new string('m', 4096)}\""));

        Assert.That(token.Claim("metadata"), Has.Length.EqualTo(4096));
    }

    [Test]
    public async Task Metadata_Over4KiB_IsAValidationError()
    {
        await AssertFieldErrorAsync(await PostFieldAsync(MetadataField, $"\"{new string('m', 4097)}\""), MetadataField);
    }

    [Test]
    public async Task Metadata_ThatIsNotAString_IsAnInvalidRequest()
    {
        await (await PostFieldAsync(MetadataField, "{\"page\":1}")).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    // ---- Attributes -------------------------------------------------------------------------

    [Test]
    public async Task Attributes_ReachTheTokenBesideTheServicesOwn()
    {
        var (_, token) = await AssertIssuedAsync(await PostFieldAsync(AttributesField, """{"plan":"pro","clé":"valeur","empty":""}"""));

        Assert.That(Attributes(token), Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["agentsgt.agentId"] = Tenant.AgentId.ToString(),
            ["agentsgt.organizationId"] = Tenant.OrganizationId.ToString(),
            ["agentsgt.sessionId"] = Attributes(token)["agentsgt.sessionId"],
            ["plan"] = "pro",
            ["clé"] = "valeur",
            ["empty"] = "",
        }));
    }

    [Test]
    public async Task Attributes_Accepts32Entries_WithLimitSizedKeysAndValues()
    {
        var entries = Enumerable.Range(0, 32).Select(i => $"\"{i:D2}{new string('k', 62)}\":\"{new string('v', i == 0 ? 1024 : 10)}\"");

        var (_, token) = await AssertIssuedAsync(await PostFieldAsync(AttributesField, "{" + string.Join(',', entries) + "}"));

        Assert.That(Attributes(token), Has.Count.EqualTo(35), "32 and the service's three");
    }

    [Test]
    public async Task Attributes_MoreThan32_IsAValidationError()
    {
        var entries = Enumerable.Range(0, 33).Select(i => $"\"k{i}\":\"v\"");

        await AssertFieldErrorAsync(await PostFieldAsync(AttributesField, "{" + string.Join(',', entries) + "}"), AttributesField);
    }

    [TestCase("agentsgt.agentId")]
    [TestCase("agentsgt.sessionId")]
    [TestCase("agentsgt.organizationId")]
    [TestCase("AgentsGT.role")]
    public async Task Attributes_UnderTheServicesPrefix_AreRefused(string key)
    {
        await AssertFieldErrorAsync(await PostFieldAsync(AttributesField, $$"""{"{{key}}":"00000000-0000-0000-0000-000000000000"}"""), AttributesField);
    }

    // LiveKit's SDKs read lk.* attributes as the agent's state and for publishing on behalf.
    [TestCase("lk.agent.state")]
    [TestCase("lk.publish_on_behalf")]
    [TestCase("LK.agent.state")]
    [TestCase(" lk.agent.state")]
    [TestCase("lk\uff0eagent.state")]
    public async Task Attributes_UnderLiveKitsPrefix_AreRefused_ForSecretAndPublishableKeys(string key)
    {
        const string Shop = "https://shop.lk-prefix.example";
        var body = JsonSerializer.Serialize(new Dictionary<string, object> { [AttributesField] = new Dictionary<string, string> { [key] = "speaking", ["ok"] = "v" } });
        var (_, publicKey) = await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop]);
        using var publishable = new HttpRequestMessage(HttpMethod.Post, endpoint.Path(Tenant.AgentId)) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        publishable.Headers.TryAddWithoutValidation("Authorization", "Bearer " + publicKey);
        publishable.Headers.TryAddWithoutValidation("Origin", Shop);

        await AssertFieldErrorAsync(await PostAsync(body), AttributesField);
        await AssertFieldErrorAsync(await Client.SendAsync(publishable), AttributesField);
    }

    // Keys that a trimming or NFKC-normalizing reader would take for the service's own (issue 12, item 7).
    [TestCase(" agentsgt.organizationId", TestName = "{m}_LeadingSpace")]
    [TestCase("agentsgt\u2024organizationId", TestName = "{m}_OneDotLeader")]
    [TestCase("agentsgt\uff0eorganizationId", TestName = "{m}_FullwidthFullStop")]
    [TestCase("agentsgt.\u200borganizationId", TestName = "{m}_ZeroWidthSpace")]
    public async Task Attributes_ImitatingTheServicesPrefix_AreRefused(string key)
    {
        var response = await PostFieldAsync(AttributesField, JsonSerializer.Serialize(new Dictionary<string, string> { [key] = "00000000-0000-0000-0000-000000000000" }));

        await AssertFieldErrorAsync(response, AttributesField);
    }

    [Test]
    public async Task Attributes_KeyOver64Characters_IsAValidationError()
    {
        await AssertFieldErrorAsync(await PostFieldAsync(AttributesField, $$"""{"{{new string('k', 65)}}":"v"}"""), AttributesField);
    }

    [Test]
    public async Task Attributes_EmptyKey_IsAValidationError()
    {
        await AssertFieldErrorAsync(await PostFieldAsync(AttributesField, """{"":"v"}"""), AttributesField);
    }

    [Test]
    public async Task Attributes_ValueOver1KiB_IsAValidationErrorNamingTheKey()
    {
        await AssertFieldErrorAsync(await PostFieldAsync(AttributesField, $$"""{"plan":"{{new string('v', 1025)}}"}"""), $"{AttributesField}.plan");
    }

    [Test]
    public async Task Attributes_NullValue_IsAValidationErrorNamingTheKey()
    {
        await AssertFieldErrorAsync(await PostFieldAsync(AttributesField, """{"plan":null}"""), $"{AttributesField}.plan");
    }

    [TestCase("""{"plan":1}""")]
    [TestCase("""{"plan":{"tier":"pro"}}""")]
    [TestCase("""["plan"]""")]
    [TestCase("\"plan=pro\"")]
    [TestCase("""{"plan":"a","plan":"b"}""")]
    public async Task Attributes_OfTheWrongJsonShape_AreAnInvalidRequest(string value)
    {
        await (await PostFieldAsync(AttributesField, value)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [TestCase("{}")]
    [TestCase("null")]
    public async Task Attributes_EmptyOrNull_LeaveOnlyTheServicesOwn(string value)
    {
        var (_, token) = await AssertIssuedAsync(await PostFieldAsync(AttributesField, value));

        Assert.That(Attributes(token).Keys, Is.EquivalentTo(new[] { "agentsgt.agentId", "agentsgt.organizationId", "agentsgt.sessionId" }));
    }

    // ---- TTL --------------------------------------------------------------------------------

    [TestCase(60)]
    [TestCase(900)]
    [TestCase(3600)]
    public async Task Ttl_SetsTheTokensLifetime(int seconds)
    {
        // The helper checks exp − nbf against the TTL and, on /livekit/token, expiresAt against exp.
        await AssertIssuedAsync(await PostFieldAsync(TtlField, seconds.ToString(CultureInfo.InvariantCulture)), ttl: seconds);
    }

    [Test]
    public async Task Ttl_DefaultsToOneHour()
    {
        var (_, token) = await AssertIssuedAsync(await PostFieldAsync(TtlField, "null"));

        Assert.That(token.Expires - token.NotBefore, Is.EqualTo(3600));
    }

    [TestCase(59)]
    [TestCase(3601)]
    [TestCase(0)]
    [TestCase(-60)]
    public async Task Ttl_Outside60To3600_IsAValidationError(int seconds)
    {
        await AssertFieldErrorAsync(await PostFieldAsync(TtlField, seconds.ToString(CultureInfo.InvariantCulture)), TtlField);
    }

    [TestCase("\"600\"")]
    [TestCase("600.5")]
    [TestCase("99999999999")]
    [TestCase("true")]
    public async Task Ttl_ThatIsNotAnInteger_IsAnInvalidRequest(string value)
    {
        await (await PostFieldAsync(TtlField, value)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    // ---- Together --------------------------------------------------------------------------

    [Test]
    public async Task ReportsEveryContextProblemAtOnce()
    {
        var json = $$"""{"{{MetadataField}}":"{{new string('m', 4097)}}","{{AttributesField}}":{"agentsgt.agentId":"x","ok":"{{new string('v', 1025)}}"},"{{TtlField}}":5}""";

        var body = await (await PostAsync(json)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name),
            Is.EquivalentTo(new[] { MetadataField, AttributesField, $"{AttributesField}.ok", TtlField }));
    }
}
