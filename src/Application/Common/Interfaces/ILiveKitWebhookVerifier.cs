namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// Checks a webhook as LiveKit signs it: the <c>Authorization</c> header is a JWT (no scheme)
/// signed with the LiveKit API secret, issued by the LiveKit API key, unexpired, whose
/// <c>sha256</c> claim is the base64 SHA-256 of the raw body. No database work.
/// </summary>
public interface ILiveKitWebhookVerifier
{
    /// <summary>False when the LiveKit API key or secret is missing: nothing can be verified.</summary>
    bool IsConfigured { get; }

    /// <summary>Whether <paramref name="authorization"/> signs exactly <paramref name="body"/>.</summary>
    Task<bool> VerifyAsync(string? authorization, ReadOnlyMemory<byte> body);
}
