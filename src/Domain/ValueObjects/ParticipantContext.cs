using System.Text;

namespace Agentsgt.Domain.ValueObjects;

/// <summary>
/// Rules for what a client may attach to its participant: free-form <c>metadata</c> and string
/// <c>attributes</c>. Both travel inside the token, so both are bounded; attribute keys under
/// <see cref="ReservedAttributePrefix"/> belong to this service (the AV worker trusts them).
/// </summary>
public static class ParticipantContext
{
    public const int MaxMetadataBytes = 4 * 1024;
    public const int MaxAttributes = 32;
    public const int MaxAttributeKeyCharacters = 64;
    public const int MaxAttributeValueBytes = 1024;
    public const string ReservedAttributePrefix = "agentsgt.";

    public const string TooManyAttributesMessage = "must have at most 32 entries";
    public const string AttributeKeyMessage = "keys must be 1-64 characters of valid Unicode text without control characters";
    public const string ReservedKeyMessage = "keys starting with 'agentsgt.' are reserved for the service";
    public const string AttributeKeyFormMessage =
        "keys must not start or end with whitespace, nor contain format characters (such as zero-width or bidirectional controls) or characters that Unicode compatibility normalization (NFKC) changes";

    /// <summary>Null when valid, else what is wrong. Metadata is not trimmed: it is the client's data, often JSON.</summary>
    public static string? DescribeMetadataProblem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (ParticipantText.ContainsLoneSurrogate(value))
        {
            return "must be valid Unicode text";
        }

        return Encoding.UTF8.GetByteCount(value) > MaxMetadataBytes
            ? $"must be at most {MaxMetadataBytes} bytes in UTF-8"
            : null;
    }

    /// <summary>Null when the key is well formed and not reserved, else what is wrong (never echoing the key).</summary>
    public static string? DescribeAttributeKeyProblem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ParticipantText.ContainsLoneSurrogate(key))
        {
            return AttributeKeyMessage;
        }

        var characters = 0;
        foreach (var rune in key.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return AttributeKeyMessage;
            }

            characters++;
        }

        if (characters is < 1 or > MaxAttributeKeyCharacters)
        {
            return AttributeKeyMessage;
        }

        // Keys are not trimmed or normalized (they are the client's), so one that a lenient reader
        // would trim or normalize into "agentsgt.…" is refused rather than stored beside ours.
        if (char.IsWhiteSpace(key[0]) || char.IsWhiteSpace(key[^1]) || !ParticipantText.IsInSafeForm(key))
        {
            return AttributeKeyFormMessage;
        }

        // Case-insensitive, so "AgentsGT.agentId" cannot pass for ours in a lenient reader.
        return key.StartsWith(ReservedAttributePrefix, StringComparison.OrdinalIgnoreCase) ? ReservedKeyMessage : null;
    }

    /// <summary>Null when valid, else what is wrong. An empty value is allowed (LiveKit treats it as unset).</summary>
    public static string? DescribeAttributeValueProblem(string? value)
    {
        if (value is null)
        {
            return "must be a string";
        }

        if (ParticipantText.ContainsLoneSurrogate(value))
        {
            return "must be valid Unicode text";
        }

        return Encoding.UTF8.GetByteCount(value) > MaxAttributeValueBytes
            ? $"must be at most {MaxAttributeValueBytes} bytes in UTF-8"
            : null;
    }
}
