using System.Text;

namespace Agentsgt.Domain.Rules;

/// <summary>
/// Rules for what a client may attach to its participant: free-form <c>metadata</c> and string
/// <c>attributes</c>. Both travel inside the token, so both are bounded; attribute keys under
/// <see cref="ReservedAttributePrefix"/> belong to this service (the AV worker trusts them).
/// </summary>
public static class ParticipantContextRules
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
    public const string MetadataLengthMessage = "must be at most 4096 bytes in UTF-8";
    public const string AttributeValueMessage = "must be a string";
    public const string AttributeValueLengthMessage = "must be at most 1024 bytes in UTF-8";

    /// <summary>Metadata is not trimmed: it is the client's data, often JSON. Valid Unicode is <see cref="ParticipantTextRules.IsUnicode"/>.</summary>
    public static bool MetadataFits(string value) => Encoding.UTF8.GetByteCount(value) <= MaxMetadataBytes;

    /// <summary>1-64 characters of valid Unicode text without control characters (keys are the client's: never echoed).</summary>
    public static bool IsWellFormedAttributeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ParticipantTextRules.ContainsLoneSurrogate(key))
        {
            return false;
        }

        var characters = 0;
        foreach (var rune in key.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return false;
            }

            characters++;
        }

        return characters is >= 1 and <= MaxAttributeKeyCharacters;
    }

    /// <summary>
    /// Keys are not trimmed or normalized (they are the client's), so one that a lenient reader
    /// would trim or normalize into "agentsgt.…" is refused rather than stored beside ours.
    /// </summary>
    public static bool IsAttributeKeyInSafeForm(string key) =>
        key.Length > 0 && !char.IsWhiteSpace(key[0]) && !char.IsWhiteSpace(key[^1]) && ParticipantTextRules.IsInSafeForm(key);

    /// <summary>Case-insensitive, so "AgentsGT.agentId" cannot pass for ours in a lenient reader.</summary>
    public static bool IsReservedAttributeKey(string key) =>
        key.StartsWith(ReservedAttributePrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>A key the token may carry: well formed, in a safe form, not reserved.</summary>
    public static bool IsAcceptedAttributeKey(string key) =>
        IsWellFormedAttributeKey(key) && IsAttributeKeyInSafeForm(key) && !IsReservedAttributeKey(key);

    /// <summary>An empty value is allowed (LiveKit treats it as unset). Valid Unicode is <see cref="ParticipantTextRules.IsUnicode"/>.</summary>
    public static bool AttributeValueFits(string value) => Encoding.UTF8.GetByteCount(value) <= MaxAttributeValueBytes;
}
