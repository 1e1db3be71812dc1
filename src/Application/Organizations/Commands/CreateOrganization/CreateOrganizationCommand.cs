namespace Agentsgt.Application.Organizations.Commands.CreateOrganization;

public sealed record CreateOrganizationCommand : IRequest<OrganizationDto>
{
    public CreateOrganizationCommand(string name)
    {
        Name = TextRules.Trim(name)!;
    }

    public string Name { get; }
}
