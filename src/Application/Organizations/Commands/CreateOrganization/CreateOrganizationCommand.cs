namespace Agentsgt.Application.Organizations.Commands.CreateOrganization;

/// <summary>Create an organization (a customer).</summary>
public sealed record CreateOrganizationCommand : IRequest<OrganizationDto>
{
    public CreateOrganizationCommand(string name)
    {
        Name = TextRules.Trim(name)!;
    }

    /// <summary>Trimmed here, the one place; the validator rejects it when blank (null included).</summary>
    public string Name { get; }
}
