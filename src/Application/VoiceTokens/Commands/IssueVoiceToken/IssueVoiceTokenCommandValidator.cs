using FluentValidation;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>The contract endpoint's field rules: the shared ones, under camelCase names.</summary>
public sealed class IssueVoiceTokenCommandValidator : AbstractValidator<IssueVoiceTokenCommand>
{
    public const string ShortRoomNameMessage = VoiceTokenRequestValidator.ShortRoomNameMessage;

    public const string ForeignRoomNameMessage = VoiceTokenRequestValidator.ForeignRoomNameMessage;

    public IssueVoiceTokenCommandValidator()
    {
        Include(new VoiceTokenRequestValidator());
    }
}
