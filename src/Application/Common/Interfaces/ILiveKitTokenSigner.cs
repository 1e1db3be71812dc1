namespace Agentsgt.Application.Common.Interfaces;

/// <summary>Signs LiveKit access tokens with the configured LiveKit API key and secret.</summary>
public interface ILiveKitTokenSigner
{
    /// <summary>False when the LiveKit URL, API key or secret is missing or invalid.</summary>
    bool IsConfigured { get; }

    /// <summary>The LiveKit WebSocket URL clients connect to (ws:// or wss://).</summary>
    string ServerUrl { get; }

    /// <summary>Signs a join token. Throws when signing fails.</summary>
    SignedVoiceToken Sign(VoiceGrant grant);
}
