namespace Agentsgt.Domain.Rules;

/// <summary>
/// The name a LiveKit agent worker registers with (<c>agent_name</c> / <c>agentName</c>), used for
/// explicit dispatch. An agent with one gets it dispatched into every room its tokens open.
/// </summary>
public static class LiveKitAgentNameRules
{
    public const int MaxLength = 128;

    public const string Rule = "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_' or '-'";

    /// <summary>Conservative on purpose: the name travels in JWTs, logs and CLI arguments. Its message is <see cref="Rule"/>.</summary>
    public static bool IsValid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length is >= 1 and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
    }
}
