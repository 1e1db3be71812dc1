namespace Agentsgt.Application.Common.Interfaces;

/// <summary>Checks a webhook's signature as LiveKit makes it (a JWT over the body's hash); no database work.</summary>
public interface ILiveKitWebhookVerifier
{
    /// <summary>False when the LiveKit API key or secret is missing: nothing can be verified.</summary>
    bool IsConfigured { get; }

    /// <summary>Whether <paramref name="authorization"/> signs exactly <paramref name="body"/>.</summary>
    Task<bool> VerifyAsync(string? authorization, ReadOnlyMemory<byte> body);
}
