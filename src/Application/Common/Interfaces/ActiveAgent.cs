namespace Agentsgt.Application.Common.Interfaces;

/// <summary>What the token path reads of an agent (live, in the caller's organization).</summary>
/// <param name="LiveKitAgentName">The worker to dispatch explicitly; null routes by room name only.</param>
public sealed record ActiveAgent(Guid Id, Guid OrganizationId, string? LiveKitAgentName);
