namespace Agentsgt.Application.Common.Interfaces;

public sealed record SignedVoiceToken(string Token, DateTimeOffset NotBefore, DateTimeOffset ExpiresAt);
