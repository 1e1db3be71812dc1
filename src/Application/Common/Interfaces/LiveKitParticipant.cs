namespace Agentsgt.Application.Common.Interfaces;

/// <summary>A participant as LiveKit's <c>ListParticipants</c> reports it; its attributes carry <c>agentsgt.sessionId</c> for visitors.</summary>
public sealed record LiveKitParticipant(string Identity, string Sid, IReadOnlyDictionary<string, string> Attributes, DateTimeOffset? JoinedAt);
