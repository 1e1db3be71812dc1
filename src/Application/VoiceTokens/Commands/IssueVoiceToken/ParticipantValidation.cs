namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The participant texts' rules, one FluentValidation rule per invariant of the value objects
/// (<see cref="ParticipantTextRules"/>, <see cref="ParticipantContextRules"/>), which own what is valid and
/// the message when it is not. The first broken rule is reported; an omitted (null) text passes.
/// </summary>
public static class ParticipantValidation
{
    /// <summary>LiveKit's identity bounds, no whitespace, control characters or '#', and a safe form (<see cref="ParticipantTextRules.IsInSafeForm"/>).</summary>
    public static IRuleBuilderOptions<T, string?> ValidIdentity<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantTextRules.IsUnicode).WithMessage(ParticipantTextRules.NotUnicodeMessage)
            .Holds(ParticipantTextRules.HasAllowedLength).WithMessage(ParticipantTextRules.LengthMessage)
            .Holds(ParticipantTextRules.FitsUtf8Length).WithMessage(ParticipantTextRules.Utf8LengthMessage)
            .Holds(TextRules.HasNoControlCharacters).WithMessage(ParticipantTextRules.ControlCharacterMessage)
            .Holds(ParticipantTextRules.HasNoWhitespace).WithMessage(ParticipantTextRules.WhitespaceMessage)
            .Holds(ParticipantTextRules.HasNoHash).WithMessage(ParticipantTextRules.HashMessage)
            .Holds(ParticipantTextRules.IsInSafeForm).WithMessage(ParticipantTextRules.NotInSafeFormMessage);

    /// <summary>A display name: 1-128 characters (256 bytes), no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> ValidDisplayName<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantTextRules.IsUnicode).WithMessage(ParticipantTextRules.NotUnicodeMessage)
            .Holds(ParticipantTextRules.HasAllowedLength).WithMessage(ParticipantTextRules.LengthMessage)
            .Holds(ParticipantTextRules.FitsUtf8Length).WithMessage(ParticipantTextRules.Utf8LengthMessage)
            .Holds(TextRules.HasNoControlCharacters).WithMessage(ParticipantTextRules.ControlCharacterMessage);

    /// <summary>Free-form metadata: valid Unicode, at most 4 KiB in UTF-8.</summary>
    public static IRuleBuilderOptions<T, string?> ValidMetadata<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantTextRules.IsUnicode).WithMessage(ParticipantTextRules.NotUnicodeMessage)
            .Holds(ParticipantContextRules.MetadataFits).WithMessage(ParticipantContextRules.MetadataLengthMessage);

    // Must, for a text that may be omitted.
    private static IRuleBuilderOptions<T, string?> Holds<T>(this IRuleBuilder<T, string?> rule, Func<string, bool> invariant) =>
        rule.Must(value => value is null || invariant(value));
}
