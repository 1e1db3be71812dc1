using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.LiveKit;
using Agentsgt.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Agentsgt.Infrastructure.UnitTests.LiveKit;

public sealed class LiveKitTokenSignerTests
{
    private const string LongSecret = "a-long-random-livekit-api-secret-0123456789";
    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");

    private static LiveKitTokenSigner Signer(string? url = "wss://example.livekit.cloud", string? key = "APIkey123", string? secret = LongSecret) =>
        new(Options.Create(new LiveKitOptions { Url = url, ApiKey = key, ApiSecret = secret }));

    private static VoiceGrant Grant(string identity = "user-123", string name = "John Doe") =>
        new("agentsgt-room-x", identity, name, AgentId, OrganizationId, IssuedAt, TimeSpan.FromHours(1));

    [Test]
    public void SignsEveryContractClaim()
    {
        var signed = Signer().Sign(Grant());

        var token = LiveKitTokenReader.Verify(signed.Token, LongSecret);
        Assert.That(token.Header.GetProperty("alg").GetString(), Is.EqualTo("HS256"));
        Assert.That(token.Claim("iss"), Is.EqualTo("APIkey123"));
        Assert.That(token.Claim("sub"), Is.EqualTo("user-123"));
        Assert.That(token.Claim("name"), Is.EqualTo("John Doe"));
        Assert.That(token.NotBefore, Is.EqualTo(IssuedAt.ToUnixTimeSeconds()));
        Assert.That(token.Expires - token.NotBefore, Is.EqualTo(3600));
        Assert.That(token.Video.GetProperty("room").GetString(), Is.EqualTo("agentsgt-room-x"));
        Assert.That(token.Video.GetProperty("roomJoin").GetBoolean(), Is.True);
        Assert.That(token.Video.GetProperty("canPublish").GetBoolean(), Is.True);
        Assert.That(token.Video.GetProperty("canSubscribe").GetBoolean(), Is.True);
        Assert.That(token.Video.GetProperty("canPublishData").GetBoolean(), Is.True);
        Assert.That(signed.ExpiresAt, Is.EqualTo(IssuedAt.AddHours(1)));
    }

    [Test]
    public void GrantsNothingBeyondTheContract()
    {
        var token = LiveKitTokenReader.Verify(Signer().Sign(Grant()).Token, LongSecret);

        Assert.That(token.VideoGrantNames(), Is.EquivalentTo(new[] { "room", "roomJoin", "canPublish", "canSubscribe", "canPublishData" }));
        Assert.That(token.Payload.EnumerateObject().Select(p => p.Name), Is.SubsetOf(new[] { "iss", "sub", "name", "nbf", "exp", "jti", "video", "metadata", "attributes" }));
    }

    [Test]
    public void CarriesAgentAndOrganizationAttributesForTheWorker()
    {
        var token = LiveKitTokenReader.Verify(Signer().Sign(Grant()).Token, LongSecret);

        Assert.That(token.Payload.GetProperty("attributes").GetProperty("agentsgt.agentId").GetString(), Is.EqualTo(AgentId.ToString()));
        Assert.That(token.Payload.GetProperty("attributes").GetProperty("agentsgt.organizationId").GetString(), Is.EqualTo(OrganizationId.ToString()));
    }

    [Test]
    public void SignsWithLiveKitsDevModeSecretBelow128Bits()
    {
        var signer = Signer("ws://localhost:7880", "devkey", "secret");

        var token = LiveKitTokenReader.Verify(signer.Sign(Grant()).Token, "secret");

        Assert.That(token.Claim("iss"), Is.EqualTo("devkey"));
    }

    [Test]
    public async Task TokensVerifyWithMicrosoftIdentityModel()
    {
        var signed = Signer().Sign(Grant());
        var key = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(LongSecret));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(signed.Token, new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidIssuer = "APIkey123",
            ValidateAudience = false,
            ValidateLifetime = false,
        });

        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
    }

    [Test]
    public void KeepsUnicodeNamesIntact()
    {
        var token = LiveKitTokenReader.Verify(Signer().Sign(Grant(name: "José Núñez")).Token, LongSecret);

        Assert.That(token.Claim("name"), Is.EqualTo("José Núñez"));
    }

    [TestCase(null, "k", "S3cr3tValue", TestName = "url missing")]
    [TestCase("https://example.com", "k", "S3cr3tValue", TestName = "url not websocket")]
    [TestCase("not a url", "k", "S3cr3tValue", TestName = "url malformed")]
    [TestCase("wss://example.com", null, "S3cr3tValue", TestName = "key missing")]
    [TestCase("wss://example.com", "k", null, TestName = "secret missing")]
    [TestCase("wss://example.com", "k", "", TestName = "secret empty")]
    public void IsNotConfigured_WhenASettingIsMissingOrInvalid(string? url, string? key, string? secret)
    {
        var signer = Signer(url, key, secret);

        Assert.That(signer.IsConfigured, Is.False);
        Assert.That(signer.Problem, Is.Not.Null);
        Assert.Throws<VoiceNotConfiguredException>(() => signer.Sign(Grant()));
        if (!string.IsNullOrEmpty(secret))
        {
            Assert.That(signer.Problem, Does.Not.Contain(secret));
        }
    }

    [Test]
    public void TwoTokensForOneGrantAreIdenticalButDifferentGrantsDiffer()
    {
        var signer = Signer();

        Assert.That(signer.Sign(Grant()).Token, Is.EqualTo(signer.Sign(Grant()).Token));
        Assert.That(signer.Sign(Grant("other")).Token, Is.Not.EqualTo(signer.Sign(Grant()).Token));
    }
}
