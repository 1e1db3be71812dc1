namespace Agentsgt.Application.Organizations;

public sealed record OrganizationDto(Guid Id, string Name, DateTimeOffset CreatedAt);
