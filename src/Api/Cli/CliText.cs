namespace Agentsgt.Api.Cli;

internal static partial class CliText
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

    // A stray sk_… argument must not land in a terminal log: secrets are masked.
    public static string Quote(string? value)
    {
        var text = SecretPattern().Replace(Printable(value ?? string.Empty), "sk_***");
        return "'" + (text.Length > MaxEchoLength ? text[..MaxEchoLength] + "…" : text) + "'";
    }

    [System.Text.RegularExpressions.GeneratedRegex("sk_[^\\s:'\"]+")]
    private static partial System.Text.RegularExpressions.Regex SecretPattern();
}
