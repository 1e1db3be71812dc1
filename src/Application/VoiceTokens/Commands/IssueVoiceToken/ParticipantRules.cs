namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>
/// The participant texts' rules as FluentValidation rules. What makes a text valid, and the message
/// when it is not, belong to the value objects; an omitted (null) text passes.
/// </summary>
public static class ParticipantRules
{
    /// <summary>LiveKit's identity bounds, no whitespace, control characters or '#', and a safe form (<see cref="ParticipantText.IsInSafeForm"/>).</summary>
    public static IRuleBuilderOptions<T, string?> ParticipantIdentity<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(id => id is null || ParticipantText.DescribeIdentityProblem(id) is null)
            .WithMessage((_, id) => ParticipantText.DescribeIdentityProblem(id!));

    /// <summary>A display name: 1-128 characters, no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> ParticipantName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(name => name is null || ParticipantText.DescribeNameProblem(name) is null)
            .WithMessage((_, name) => ParticipantText.DescribeNameProblem(name!));

    /// <summary>Free-form metadata: valid Unicode, at most 4 KiB in UTF-8.</summary>
    public static IRuleBuilderOptions<T, string?> ParticipantMetadata<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(metadata => metadata is null || ParticipantContext.DescribeMetadataProblem(metadata) is null)
            .WithMessage((_, metadata) => ParticipantContext.DescribeMetadataProblem(metadata!));
}
