namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

public static class ParticipantValidation
{
    public static IRuleBuilderOptions<T, string?> ValidIdentity<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantTextRules.IsUnicode).WithMessage(ParticipantTextRules.NotUnicodeMessage)
            .Holds(ParticipantTextRules.HasAllowedLength).WithMessage(ParticipantTextRules.LengthMessage)
            .Holds(ParticipantTextRules.FitsUtf8Length).WithMessage(ParticipantTextRules.Utf8LengthMessage)
            .Holds(TextRules.HasNoControlCharacters).WithMessage(ParticipantTextRules.ControlCharacterMessage)
            .Holds(ParticipantTextRules.HasNoWhitespace).WithMessage(ParticipantTextRules.WhitespaceMessage)
            .Holds(ParticipantTextRules.HasNoHash).WithMessage(ParticipantTextRules.HashMessage)
            .Holds(ParticipantTextRules.IsInSafeForm).WithMessage(ParticipantTextRules.NotInSafeFormMessage);

    public static IRuleBuilderOptions<T, string?> ValidDisplayName<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantTextRules.IsUnicode).WithMessage(ParticipantTextRules.NotUnicodeMessage)
            .Holds(ParticipantTextRules.HasAllowedLength).WithMessage(ParticipantTextRules.LengthMessage)
            .Holds(ParticipantTextRules.FitsUtf8Length).WithMessage(ParticipantTextRules.Utf8LengthMessage)
            .Holds(TextRules.HasNoControlCharacters).WithMessage(ParticipantTextRules.ControlCharacterMessage);

    public static IRuleBuilderOptions<T, string?> ValidMetadata<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantTextRules.IsUnicode).WithMessage(ParticipantTextRules.NotUnicodeMessage)
            .Holds(ParticipantContextRules.MetadataFits).WithMessage(ParticipantContextRules.MetadataLengthMessage);

    // Must, for a text that may be omitted.
    private static IRuleBuilderOptions<T, string?> Holds<T>(this IRuleBuilder<T, string?> rule, Func<string, bool> invariant) =>
        rule.Must(value => value is null || invariant(value));
}
