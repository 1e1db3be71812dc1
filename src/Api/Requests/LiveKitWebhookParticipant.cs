namespace Agentsgt.Api.Requests;

/// <summary>A webhook's <c>participant</c>: its identity and attributes (ours carry <c>agentsgt.sessionId</c>).</summary>
public sealed record LiveKitWebhookParticipant(string? Identity, IReadOnlyDictionary<string, string>? Attributes);
