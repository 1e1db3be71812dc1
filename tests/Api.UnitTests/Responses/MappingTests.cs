using Agentsgt.Api.Responses;
using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;
using AutoMapper;

namespace Agentsgt.Api.UnitTests.Responses;

public sealed class MappingTests
{
    private readonly MapperConfiguration _configuration = new(
        cfg => cfg.AddMaps(typeof(VoiceTokenMappingProfile).Assembly));

    [Test]
    public void ConfigurationIsValid()
    {
        _configuration.AssertConfigurationIsValid();
    }

    [Test]
    public void MapsAnIssuedTokenToTheDto()
    {
        var expires = new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);

        var session = Guid.NewGuid();

        var dto = _configuration.CreateMapper().Map<VoiceTokenDto>(new IssuedVoiceToken("t", "r", "wss://x", "v", expires) { SessionId = session, MaxSessionSeconds = 600 });

        Assert.That(dto, Is.EqualTo(new VoiceTokenDto { Token = "t", RoomName = "r", ServerUrl = "wss://x", VisitorId = "v", ExpiresAt = expires.UtcDateTime, SessionId = session, MaxSessionSeconds = 600 }));
        Assert.That(dto.ExpiresAt.Kind, Is.EqualTo(DateTimeKind.Utc));
    }

    [Test]
    public void MapsAnIssuedTokenToTheTokenSourceDto()
    {
        var expires = new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);

        var dto = _configuration.CreateMapper().Map<TokenSourceCredentialsDto>(new IssuedVoiceToken("t", "r", "wss://x", "v", expires, "John Doe"));

        Assert.That(dto, Is.EqualTo(new TokenSourceCredentialsDto { ParticipantToken = "t", RoomName = "r", ServerUrl = "wss://x", ParticipantName = "John Doe" }));
    }
}
