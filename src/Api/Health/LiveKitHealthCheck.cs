using Agentsgt.Infrastructure.Health;

namespace Agentsgt.Api.Health;

/// <summary>Without LiveKit's settings, token requests answer config_error.</summary>
public sealed class LiveKitHealthCheck(LiveKitTokenSigner signer) : OptionalDependencyHealthCheck(
    "configured", () => signer.IsConfigured, "LiveKit configured.", () => $"Voice chat not available: {signer.Problem}");
