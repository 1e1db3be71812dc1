using System.Text;

namespace Agentsgt.Domain.Rules;

/// <summary>The trimming and control-character rules every text a command takes follows.</summary>
public static class TextRules
{
    /// <summary>Applied once, in the command's constructor, so validator and entity see the same value.</summary>
    public static string? Trim(string? value) => value?.Trim();

    /// <summary>An optional text: trimmed, and blank means not given.</summary>
    public static string? TrimOptional(string? value) => Trim(value) is { Length: > 0 } trimmed ? trimmed : null;

    public static bool HasNoControlCharacters(string value) => !value.EnumerateRunes().Any(Rune.IsControl);
}
