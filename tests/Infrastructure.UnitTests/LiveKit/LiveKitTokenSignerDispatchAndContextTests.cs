using System.Text.Json;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.LiveKit;
using Agentsgt.Tests.Support;
using Microsoft.Extensions.Options;

namespace Agentsgt.Infrastructure.UnitTests.LiveKit;

/// <summary>The claims beyond the contract's minimum: metadata, client attributes, roomConfig dispatch, TTL.</summary>
public sealed class LiveKitTokenSignerDispatchAndContextTests
{
    private const string Secret = "a-long-random-livekit-api-secret-0123456789";
    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");

    private static readonly LiveKitTokenSigner Signer =
        new(Options.Create(new LiveKitOptions { Url = "wss://example.livekit.cloud", ApiKey = "APIkey123", ApiSecret = Secret }));

    private static VoiceGrant Grant(TimeSpan? lifetime = null) =>
        new("agentsgt-room-x", "user-123", "John Doe", AgentId, OrganizationId, IssuedAt, lifetime ?? TimeSpan.FromHours(1));

    private static LiveKitTokenReader SignAndRead(VoiceGrant grant) => LiveKitTokenReader.Verify(Signer.Sign(grant).Token, Secret);

    [Test]
    public void WritesNoMetadataOrRoomConfig_WhenNoneIsAsked()
    {
        var token = SignAndRead(Grant());

        Assert.That(token.Payload.TryGetProperty("metadata", out _), Is.False);
        Assert.That(token.Payload.TryGetProperty("roomConfig", out _), Is.False);
        Assert.That(token.Payload.GetProperty("attributes").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "agentsgt.agentId", "agentsgt.organizationId" }));
    }

    [Test]
    public void WritesTheSessionIdAttribute_AndARandomRoomsParticipantCapBesideTheDispatch()
    {
        var session = Guid.NewGuid();

        var token = SignAndRead(Grant() with { SessionId = session, PrivateRoomDepartureTimeoutSeconds = 10, DispatchAgentName = "voice" });

        Assert.That(token.Payload.GetProperty("attributes").GetProperty("agentsgt.sessionId").GetString(), Is.EqualTo(session.ToString()));
        var config = token.Payload.GetProperty("roomConfig");
        Assert.That(config.GetProperty("maxParticipants").GetInt32(), Is.EqualTo(1));
        Assert.That(config.GetProperty("departureTimeout").GetInt32(), Is.EqualTo(10));
        Assert.That(config.GetProperty("agents")[0].GetProperty("agentName").GetString(), Is.EqualTo("voice"));
    }

    [Test]
    public void WritesTheParticipantMetadataAsGiven()
    {
        var token = SignAndRead(Grant() with { Metadata = "{\"page\":\"/pricing\",\"note\":\"José\"}" });

        Assert.That(token.Claim("metadata"), Is.EqualTo("{\"page\":\"/pricing\",\"note\":\"José\"}"));
    }

    [Test]
    public void WritesClientAttributesBesideTheServicesOwn()
    {
        var token = SignAndRead(Grant() with { Attributes = new Dictionary<string, string> { ["plan"] = "pro", ["clé"] = "valeur", ["empty"] = "" } });

        var attributes = token.Payload.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.That(attributes, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["agentsgt.agentId"] = AgentId.ToString(),
            ["agentsgt.organizationId"] = OrganizationId.ToString(),
            ["plan"] = "pro",
            ["clé"] = "valeur",
            ["empty"] = "",
        }));
    }

    [Test]
    public void WritesTheExplicitDispatch_AsLiveKitNamesIt()
    {
        var token = SignAndRead(Grant() with { DispatchAgentName = "support-agent" });

        var roomConfig = token.Payload.GetProperty("roomConfig");
        Assert.That(roomConfig.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "agents" }));
        var dispatch = roomConfig.GetProperty("agents").EnumerateArray().Single();
        Assert.That(dispatch.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "agentName", "metadata" }));
        Assert.That(dispatch.GetProperty("agentName").GetString(), Is.EqualTo("support-agent"));

        using var metadata = JsonDocument.Parse(dispatch.GetProperty("metadata").GetString()!);
        Assert.That(metadata.RootElement.GetProperty("agentId").GetString(), Is.EqualTo(AgentId.ToString()));
        Assert.That(metadata.RootElement.GetProperty("organizationId").GetString(), Is.EqualTo(OrganizationId.ToString()));
    }

    [Test]
    public void DispatchDoesNotWidenTheVideoGrant()
    {
        var token = SignAndRead(Grant() with { DispatchAgentName = "support-agent", Metadata = "m", Attributes = new Dictionary<string, string> { ["a"] = "b" } });

        Assert.That(token.VideoGrantNames(), Is.EquivalentTo(new[] { "room", "roomJoin", "canPublish", "canSubscribe", "canPublishData" }));
        Assert.That(token.Payload.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "iss", "sub", "name", "nbf", "exp", "video", "metadata", "attributes", "roomConfig" }));
    }

    [TestCase(60)]
    [TestCase(900)]
    [TestCase(3600)]
    public void ExpiresAfterTheGrantsLifetime(int seconds)
    {
        var signed = Signer.Sign(Grant(TimeSpan.FromSeconds(seconds)));
        var token = LiveKitTokenReader.Verify(signed.Token, Secret);

        Assert.That(token.Expires - token.NotBefore, Is.EqualTo(seconds));
        Assert.That(signed.ExpiresAt, Is.EqualTo(IssuedAt.AddSeconds(seconds)));
        Assert.That(signed.ExpiresAt.ToUnixTimeSeconds(), Is.EqualTo(token.Expires));
    }
}
