namespace Agentsgt.Application.Organizations.Commands.CreateOrganization;

/// <summary>Create an organization (a customer). The name is trimmed.</summary>
public sealed record CreateOrganizationCommand(string Name) : IRequest<OrganizationDto>;
