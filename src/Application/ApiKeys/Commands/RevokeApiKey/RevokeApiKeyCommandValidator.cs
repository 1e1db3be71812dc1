namespace Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

public sealed class RevokeApiKeyCommandValidator : AbstractValidator<RevokeApiKeyCommand>
{
    public const string MalformedMessage = "public key must be pk_ followed by letters and digits (the part before the colon, never the secret)";

    public RevokeApiKeyCommandValidator()
    {
        RuleFor(c => c.PublicKey)
            .Must(ApiKeyCredentials.IsWellFormedPublicKey)
            .WithMessage(MalformedMessage);
    }
}
