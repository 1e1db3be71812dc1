namespace Agentsgt.Application.Common.Interfaces;

public sealed record ActiveAgent(Guid Id, Guid OrganizationId, string? LiveKitAgentName);
