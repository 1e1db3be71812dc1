namespace Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;

public sealed class SetAgentLiveKitNameCommandValidator : AbstractValidator<SetAgentLiveKitNameCommand>
{
    public SetAgentLiveKitNameCommandValidator()
    {
        // A worker name in LiveKit's form (LiveKitAgentName); null clears it.
        RuleFor(c => c.LiveKitAgentName)
            .Must(name => LiveKitAgentName.DescribeProblem(name!) is null)
            .WithMessage((_, name) => LiveKitAgentName.DescribeProblem(name!))
            .When(c => c.LiveKitAgentName is not null)
            .OverridePropertyName("liveKitAgentName");
    }
}
