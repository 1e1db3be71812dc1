namespace Agentsgt.Application.Common.Interfaces;

/// <summary>Keyed hashing of API key secrets (HMAC-SHA256 under a server-side pepper).</summary>
public interface ISecretHasher
{
    /// <summary>The pepper new hashes are made with.</summary>
    string CurrentPepperId { get; }

    /// <summary>Hash of <paramref name="secret"/> under the current pepper.</summary>
    byte[] Hash(string secret);

    /// <summary>
    /// Constant-time check of <paramref name="secret"/> against <paramref name="expectedHash"/>
    /// made with pepper <paramref name="pepperId"/>. An unknown pepper id still costs one hash,
    /// and returns false.
    /// </summary>
    bool Verify(string secret, byte[] expectedHash, string pepperId);
}
