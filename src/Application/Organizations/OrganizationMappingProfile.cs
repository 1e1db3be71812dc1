namespace Agentsgt.Application.Organizations;

/// <summary>Flat entity to flat DTO, with MaxDepth set (AutoMapper 14's advisory GHSA-rvv3-g6hj-g44x concerns deep graphs).</summary>
public sealed class OrganizationMappingProfile : Profile
{
    public OrganizationMappingProfile()
    {
        CreateMap<Organization, OrganizationDto>().MaxDepth(1);
    }
}
