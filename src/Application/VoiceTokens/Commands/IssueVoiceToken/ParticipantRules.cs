namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The participant texts' rules, one FluentValidation rule per invariant of the value objects
/// (<see cref="ParticipantText"/>, <see cref="ParticipantContext"/>), which own what is valid and
/// the message when it is not. The first broken rule is reported; an omitted (null) text passes.
/// </summary>
public static class ParticipantRules
{
    /// <summary>LiveKit's identity bounds, no whitespace, control characters or '#', and a safe form (<see cref="ParticipantText.IsInSafeForm"/>).</summary>
    public static IRuleBuilderOptions<T, string?> ParticipantIdentity<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantText.IsUnicode).WithMessage(ParticipantText.NotUnicodeMessage)
            .Holds(ParticipantText.HasAllowedLength).WithMessage(ParticipantText.LengthMessage)
            .Holds(ParticipantText.FitsUtf8Length).WithMessage(ParticipantText.Utf8LengthMessage)
            .Holds(ParticipantText.HasNoControlCharacters).WithMessage(ParticipantText.ControlCharacterMessage)
            .Holds(ParticipantText.HasNoWhitespace).WithMessage(ParticipantText.WhitespaceMessage)
            .Holds(ParticipantText.HasNoHash).WithMessage(ParticipantText.HashMessage)
            .Holds(ParticipantText.IsInSafeForm).WithMessage(ParticipantText.NotInSafeFormMessage);

    /// <summary>A display name: 1-128 characters (256 bytes), no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> ParticipantName<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantText.IsUnicode).WithMessage(ParticipantText.NotUnicodeMessage)
            .Holds(ParticipantText.HasAllowedLength).WithMessage(ParticipantText.LengthMessage)
            .Holds(ParticipantText.FitsUtf8Length).WithMessage(ParticipantText.Utf8LengthMessage)
            .Holds(ParticipantText.HasNoControlCharacters).WithMessage(ParticipantText.ControlCharacterMessage);

    /// <summary>Free-form metadata: valid Unicode, at most 4 KiB in UTF-8.</summary>
    public static IRuleBuilderOptions<T, string?> ParticipantMetadata<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Holds(ParticipantText.IsUnicode).WithMessage(ParticipantText.NotUnicodeMessage)
            .Holds(ParticipantContext.MetadataFits).WithMessage(ParticipantContext.MetadataLengthMessage);

    // Must, for a text that may be omitted.
    private static IRuleBuilderOptions<T, string?> Holds<T>(this IRuleBuilder<T, string?> rule, Func<string, bool> invariant) =>
        rule.Must(value => value is null || invariant(value));
}
