using FluentValidation;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>The token-source endpoint's field rules: the shared ones, under LiveKit's snake_case names.</summary>
public sealed class IssueTokenSourceCredentialsCommandValidator : AbstractValidator<IssueTokenSourceCredentialsCommand>
{
    public IssueTokenSourceCredentialsCommandValidator()
    {
        Include(new VoiceTokenRequestValidator());
    }
}
