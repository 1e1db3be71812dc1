namespace Agentsgt.Application.Organizations;

// MaxDepth: AutoMapper 14's advisory GHSA-rvv3-g6hj-g44x concerns deep graphs.
public sealed class OrganizationMappingProfile : Profile
{
    public OrganizationMappingProfile()
    {
        CreateMap<Organization, OrganizationDto>().MaxDepth(1);
    }
}
