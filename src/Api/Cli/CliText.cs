using System.Text;

namespace Agentsgt.Api.Cli;

/// <summary>Text that goes to a terminal: one line, no control characters (no escape-sequence tricks).</summary>
internal static class CliText
{
    private const int MaxEchoLength = 80;

    public static string Printable(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(char.IsControl))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(char.IsControl(c) ? '?' : c);
        }

        return text.ToString();
    }

    /// <summary>An operator's input echoed in an error message: quoted, printable, shortened.</summary>
    public static string Quote(string? value)
    {
        var text = Printable(value ?? string.Empty);
        return "'" + (text.Length > MaxEchoLength ? text[..MaxEchoLength] + "…" : text) + "'";
    }
}
