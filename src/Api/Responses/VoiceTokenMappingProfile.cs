using Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;
using AutoMapper;

namespace Agentsgt.Api.Responses;

/// <summary>
/// Flat record to flat DTOs only, with MaxDepth set: AutoMapper 14's advisory
/// (GHSA-rvv3-g6hj-g44x) concerns deeply recursive graphs, which we never map.
/// </summary>
public sealed class VoiceTokenMappingProfile : Profile
{
    public VoiceTokenMappingProfile()
    {
        CreateMap<IssuedVoiceToken, VoiceTokenDto>()
            .ForMember(d => d.VisitorId, o => o.MapFrom(s => s.Identity))
            .ForMember(d => d.ExpiresAt, o => o.MapFrom(s => s.ExpiresAt.UtcDateTime))
            .MaxDepth(1);

        CreateMap<IssuedVoiceToken, TokenSourceCredentialsDto>()
            .ForMember(d => d.ParticipantToken, o => o.MapFrom(s => s.Token))
            .ForMember(d => d.ParticipantName, o => o.MapFrom(s => s.DisplayName))
            .MaxDepth(1);
    }
}
