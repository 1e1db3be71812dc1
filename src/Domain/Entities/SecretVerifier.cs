namespace Agentsgt.Domain.Entities;

// Constant time; an unknown pepper still costs one hash, and fails.
public delegate bool SecretVerifier(string secret, byte[] expectedHash, string pepperId);
