namespace Agentsgt.Application.Common.Validation;

public static class NameValidation
{
    public static IRuleBuilderOptions<T, string?> ValidName<T>(this IRuleBuilderInitial<T, string?> rule, string field, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"{field} must not be blank")
            .MaximumLength(maxLength).WithMessage((_, name) => $"{field} must be at most {maxLength} characters (got {name!.Length})")
            .Must(name => TextRules.HasNoControlCharacters(name!)).WithMessage($"{field} must not contain control characters")
            .OverridePropertyName(field);
}
