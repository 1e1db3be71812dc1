namespace Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

public sealed class CreateApiKeyCommandValidator : AbstractValidator<CreateApiKeyCommand>
{
    public CreateApiKeyCommandValidator()
    {
        RuleFor(c => c.Name).ValidName("name", ApiKey.MaxNameLength).When(c => c.Name is not null);

        RuleFor(c => c.ExpiresIn).ValidExpiry().When(c => c.ExpiresIn is not null);
    }
}
