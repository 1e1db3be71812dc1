using Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

namespace Agentsgt.Application.ApiKeys.Commands.SetApiKeyLimits;

public sealed class SetApiKeyLimitsCommandValidator : AbstractValidator<SetApiKeyLimitsCommand>
{
    public SetApiKeyLimitsCommandValidator()
    {
        RuleFor(c => c.PublicKey).Must(ApiKeyCredentials.IsWellFormedPublicKey).WithMessage(RevokeApiKeyCommandValidator.MalformedMessage);
        RuleFor(c => c.MaxConcurrentSessions).Must(c => CapChange.IsWithin(c, CapChange.MaxConcurrentSessionsLimit)).WithMessage(CapChange.ConcurrencyMessage);
        RuleFor(c => c.MaxSessionSeconds).Must(c => CapChange.IsWithin(c, CapChange.MaxSessionSecondsLimit)).WithMessage(CapChange.SecondsMessage);
        RuleFor(c => c).Must(c => c.MaxConcurrentSessions is not null || c.MaxSessionSeconds is not null).WithMessage(CapChange.NothingMessage);
    }
}
