namespace Agentsgt.Domain.Entities;

/// <summary>
/// Constant-time check of a secret against a stored keyed hash made with pepper <c>pepperId</c>
/// (an unknown pepper still costs one hash, and fails).
/// </summary>
public delegate bool SecretVerifier(string secret, byte[] expectedHash, string pepperId);
