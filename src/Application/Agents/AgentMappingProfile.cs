namespace Agentsgt.Application.Agents;

// MaxDepth: AutoMapper 14's advisory GHSA-rvv3-g6hj-g44x concerns deep graphs.
public sealed class AgentMappingProfile : Profile
{
    public AgentMappingProfile()
    {
        CreateMap<Agent, AgentDto>().MaxDepth(1);
    }
}
