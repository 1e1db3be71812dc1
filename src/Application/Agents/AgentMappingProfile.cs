namespace Agentsgt.Application.Agents;

/// <summary>Flat entity to flat DTO, with MaxDepth set (AutoMapper 14's advisory GHSA-rvv3-g6hj-g44x concerns deep graphs).</summary>
public sealed class AgentMappingProfile : Profile
{
    public AgentMappingProfile()
    {
        CreateMap<Agent, AgentDto>().MaxDepth(1);
    }
}
