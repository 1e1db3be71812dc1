using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Rules;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.LiveKit;

namespace Agentsgt.Benchmarks.Signer;

/// <summary>
/// The claims of a real token request (short room name, generated identity, display name, both
/// attributes), signed with a long secret. node/sign-rate.mjs uses the same values.
/// </summary>
public static class TokenSample
{
    public const string ApiKey = "APIbenchmark0001";

    /// <summary>48 characters, as a production LiveKit secret would be (no short-key special case).</summary>
    public const string ApiSecret = "bench-livekit-secret-0123456789abcdefghijklmnopq";

    public const string DisplayName = "John Doe";

    public static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    public static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");

    public static LiveKitTokenSigner CreateSigner() =>
        new(Microsoft.Extensions.Options.Options.Create(new LiveKitOptions { Url = "ws://127.0.0.1:7880", ApiKey = ApiKey, ApiSecret = ApiSecret }));

    public static VoiceGrant Grant() => new(
        RoomName.FromShortName(AgentId, OrganizationId, "support-room-001").Value,
        ParticipantTextRules.NewIdentity(),
        DisplayName,
        AgentId,
        OrganizationId,
        DateTimeOffset.UtcNow,
        TimeSpan.FromHours(1));
}
