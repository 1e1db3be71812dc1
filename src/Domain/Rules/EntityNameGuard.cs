namespace Agentsgt.Domain.Rules;

/// <summary>
/// The invariant of an entity's name (organizations, agents, API keys): the command trimmed it
/// and the validator checked it, so an entity only guards; it never fixes its input.
/// </summary>
internal static class EntityNameGuard
{
    /// <summary>Returns <paramref name="name"/>; throws when it is blank (empty is allowed only if <paramref name="optional"/>), untrimmed, too long or holds a control character.</summary>
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
