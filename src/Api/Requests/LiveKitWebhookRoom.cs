namespace Agentsgt.Api.Requests;

/// <summary>A webhook's <c>room</c>: its sid and name.</summary>
public sealed record LiveKitWebhookRoom(string? Sid, string? Name);
