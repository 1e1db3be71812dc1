using FluentValidation;

namespace Agentsgt.Application.Common.Validation;

/// <summary>The rule every display name follows (organizations, agents, API keys).</summary>
public static class NameRules
{
    /// <summary>
    /// Not blank, at most <paramref name="maxLength"/> characters once trimmed (entities trim), and
    /// no control characters: names end up in operators' terminals and tables.
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> ValidName<T>(this IRuleBuilder<T, string?> rule, string field, int maxLength) =>
        rule.Custom((name, context) =>
        {
            var problem = DescribeProblem(name, field, maxLength);
            if (problem is not null)
            {
                context.AddFailure(field, problem);
            }
        });

    public static string? DescribeProblem(string? name, string field, int maxLength)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return $"{field} must not be blank";
        }

        if (trimmed.Length > maxLength)
        {
            return $"{field} must be at most {maxLength} characters (got {trimmed.Length})";
        }

        return trimmed.Any(char.IsControl) ? $"{field} must not contain control characters" : null;
    }
}
