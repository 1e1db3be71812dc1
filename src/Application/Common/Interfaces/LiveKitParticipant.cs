namespace Agentsgt.Application.Common.Interfaces;

public sealed record LiveKitParticipant(string Identity, string Sid, IReadOnlyDictionary<string, string> Attributes, DateTimeOffset? JoinedAt);
