namespace Agentsgt.Application.Organizations.Commands.SetOrganizationLimits;

public sealed class SetOrganizationLimitsCommandValidator : AbstractValidator<SetOrganizationLimitsCommand>
{
    public SetOrganizationLimitsCommandValidator()
    {
        RuleFor(c => c.MaxConcurrentSessions).Must(c => CapChange.IsWithin(c, CapChange.MaxConcurrentSessionsLimit)).WithMessage(CapChange.ConcurrencyMessage);
        RuleFor(c => c.MaxSessionSeconds).Must(c => CapChange.IsWithin(c, CapChange.MaxSessionSecondsLimit)).WithMessage(CapChange.SecondsMessage);
        RuleFor(c => c).Must(c => c.MaxConcurrentSessions is not null || c.MaxSessionSeconds is not null).WithMessage(CapChange.NothingMessage);
    }
}
