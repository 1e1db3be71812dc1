using System.Text;

namespace Agentsgt.Domain.Rules;

public static class TextRules
{
    // Applied once, in the command's constructor, so validator and entity see the same value.
    public static string? Trim(string? value) => value?.Trim();

    public static string? TrimOptional(string? value) => Trim(value) is { Length: > 0 } trimmed ? trimmed : null;

    public static bool HasNoControlCharacters(string value) => !value.EnumerateRunes().Any(Rune.IsControl);
}
