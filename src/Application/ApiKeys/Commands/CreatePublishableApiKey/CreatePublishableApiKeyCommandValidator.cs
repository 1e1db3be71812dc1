namespace Agentsgt.Application.ApiKeys.Commands.CreatePublishableApiKey;

public sealed class CreatePublishableApiKeyCommandValidator : AbstractValidator<CreatePublishableApiKeyCommand>
{
    public CreatePublishableApiKeyCommandValidator()
    {
        RuleFor(c => c.Name).ValidName("name", ApiKey.MaxNameLength).When(c => c.Name is not null);

        RuleFor(c => c.ExpiresIn).ValidExpiry().When(c => c.ExpiresIn is not null);

        RuleFor(c => c.AllowedOrigins)
            .NotNull()
            .Must(o => o.Count > 0)
            .WithMessage("a publishable key needs at least one allowed origin (--allowed-origin)")
            .Must(o => o.Count <= CreatePublishableApiKeyCommand.MaxAllowedOrigins)
            .WithMessage($"at most {CreatePublishableApiKeyCommand.MaxAllowedOrigins} allowed origins");

        RuleForEach(c => c.AllowedOrigins)
            .Must((command, origin) => !command.InvalidOrigins.Contains(origin))
            .WithMessage((_, origin) => $"allowed origin {Quote(origin)} must be {WebOriginRules.Rule}");

        RuleFor(c => c.AllowedAgentIds)
            .NotNull()
            .Must(a => a.Count <= CreatePublishableApiKeyCommand.MaxAllowedAgents)
            .WithMessage($"at most {CreatePublishableApiKeyCommand.MaxAllowedAgents} agents");
    }

    // Operators see this on a terminal: quoted, shortened, without control characters.
    private static string Quote(string? value)
    {
        var text = new string((value ?? string.Empty).Where(c => !char.IsControl(c)).Take(80).ToArray());
        return $"'{text}'";
    }
}
