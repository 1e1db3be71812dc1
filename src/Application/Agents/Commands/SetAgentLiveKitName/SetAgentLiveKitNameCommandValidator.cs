using Agentsgt.Domain.ValueObjects;
using FluentValidation;

namespace Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;

public sealed class SetAgentLiveKitNameCommandValidator : AbstractValidator<SetAgentLiveKitNameCommand>
{
    public SetAgentLiveKitNameCommandValidator()
    {
        RuleFor(c => c.LiveKitAgentName).Custom((name, context) =>
        {
            var problem = name is null ? null : LiveKitAgentName.DescribeProblem(name);
            if (problem is not null)
            {
                context.AddFailure("liveKitAgentName", problem);
            }
        });
    }
}
