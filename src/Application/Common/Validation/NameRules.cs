namespace Agentsgt.Application.Common.Validation;

/// <summary>The rule every display name follows (organizations, agents, API keys).</summary>
public static class NameRules
{
    /// <summary>
    /// Not blank, at most <paramref name="maxLength"/> characters once trimmed (entities trim), and
    /// no control characters: names end up in operators' terminals and tables. The first broken rule is reported.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilderInitial<T, string?> rule, string field, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"{field} must not be blank")
            .Must(name => name!.Trim().Length <= maxLength).WithMessage((_, name) => $"{field} must be at most {maxLength} characters (got {name!.Trim().Length})")
            .Must(name => !name!.Trim().Any(char.IsControl)).WithMessage($"{field} must not contain control characters")
            .OverridePropertyName(field);
}
