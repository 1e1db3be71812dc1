namespace Agentsgt.Domain.Rules;

// The command trimmed the name and the validator checked it: an entity only guards, never fixes its input.
internal static class EntityNameGuard
{
    public static string Require(string name, int maxLength, bool optional, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        var valid = name.Length == 0
            ? optional
            : name.Length <= maxLength && !char.IsWhiteSpace(name[0]) && !char.IsWhiteSpace(name[^1]) && TextRules.HasNoControlCharacters(name);
        return valid
            ? name
            : throw new ArgumentException($"A name must be {(optional ? string.Empty : "non-blank, ")}trimmed, at most {maxLength} characters and free of control characters.", paramName);
    }
}
