namespace Agentsgt.Domain.Rules;

public static class LiveKitAgentNameRules
{
    public const int MaxLength = 128;

    public const string Rule = "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_' or '-'";

    // Conservative on purpose: the name travels in JWTs, logs and CLI arguments.
    public static bool IsValid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length is >= 1 and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
    }
}
