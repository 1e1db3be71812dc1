namespace Agentsgt.Application.Common.Validation;

/// <summary>The rule every entity name follows (organizations, agents, API keys).</summary>
public static class NameValidation
{
    /// <summary>
    /// Not blank, at most <paramref name="maxLength"/> characters (the command trimmed the name with TextRules.Trim), and
    /// no control characters: names end up in operators' terminals and tables. The first broken rule is reported.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilderInitial<T, string?> rule, string field, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"{field} must not be blank")
            .MaximumLength(maxLength).WithMessage((_, name) => $"{field} must be at most {maxLength} characters (got {name!.Length})")
            .Must(name => TextRules.HasNoControlCharacters(name!)).WithMessage($"{field} must not contain control characters")
            .OverridePropertyName(field);
}
