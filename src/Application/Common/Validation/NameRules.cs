namespace Agentsgt.Application.Common.Validation;

/// <summary>The rule every display name follows (organizations, agents, API keys).</summary>
public static class NameRules
{
    /// <summary>
    /// What a command does to a display name it is given, once, in its constructor: trims it (null stays null).
    /// The validator and the entity then see the same value.
    /// </summary>
    public static string? Trim(string? name) => name?.Trim();

    /// <summary>
    /// Not blank, at most <paramref name="maxLength"/> characters (the command trimmed the name), and
    /// no control characters: names end up in operators' terminals and tables. The first broken rule is reported.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilderInitial<T, string?> rule, string field, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"{field} must not be blank")
            .MaximumLength(maxLength).WithMessage((_, name) => $"{field} must be at most {maxLength} characters (got {name!.Length})")
            .Must(name => !name!.Any(char.IsControl)).WithMessage($"{field} must not contain control characters")
            .OverridePropertyName(field);
}
