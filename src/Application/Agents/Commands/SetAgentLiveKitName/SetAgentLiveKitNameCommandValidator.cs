namespace Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;

public sealed class SetAgentLiveKitNameCommandValidator : AbstractValidator<SetAgentLiveKitNameCommand>
{
    public SetAgentLiveKitNameCommandValidator()
    {
        // A worker name in LiveKit's form (LiveKitAgentName); null clears it.
        RuleFor(c => c.LiveKitAgentName)
            .Must(name => LiveKitAgentNameRules.IsValid(name!))
            .WithMessage(LiveKitAgentNameRules.Rule)
            .When(c => c.LiveKitAgentName is not null);
    }
}
