using System.Text;

namespace Agentsgt.Domain.Rules;

public static class ParticipantContextRules
{
    public const int MaxMetadataBytes = 4 * 1024;
    public const int MaxAttributes = 32;
    public const int MaxAttributeKeyCharacters = 64;
    public const int MaxAttributeValueBytes = 1024;
    public const string ReservedAttributePrefix = "agentsgt.";
    public const string LiveKitAttributePrefix = "lk.";

    public const string TooManyAttributesMessage = "must have at most 32 entries";
    public const string AttributeKeyMessage = "keys must be 1-64 characters of valid Unicode text without control characters";
    public const string ReservedKeyMessage = "keys starting with 'agentsgt.' or 'lk.' are reserved";
    public const string AttributeKeyFormMessage =
        "keys must not start or end with whitespace, nor contain format characters (such as zero-width or bidirectional controls) or characters that Unicode compatibility normalization (NFKC) changes";
    public const string MetadataLengthMessage = "must be at most 4096 bytes in UTF-8";
    public const string AttributeValueMessage = "must be a string";
    public const string AttributeValueLengthMessage = "must be at most 1024 bytes in UTF-8";

    // Not trimmed: metadata is the client's data, often JSON.
    public static bool MetadataFits(string value) => Encoding.UTF8.GetByteCount(value) <= MaxMetadataBytes;

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

    // Keys are the client's, neither trimmed nor normalized: one a lenient reader would turn into agentsgt.… or lk.… is refused.
    public static bool IsAttributeKeyInSafeForm(string key) =>
        key.Length > 0 && !char.IsWhiteSpace(key[0]) && !char.IsWhiteSpace(key[^1]) && ParticipantTextRules.IsInSafeForm(key);

    // Case-insensitive, so AgentsGT.agentId or LK.agent.state cannot pass for a reserved key in a lenient reader.
    public static bool IsReservedAttributeKey(string key) =>
        key.StartsWith(ReservedAttributePrefix, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(LiveKitAttributePrefix, StringComparison.OrdinalIgnoreCase);

    public static bool IsAcceptedAttributeKey(string key) =>
        IsWellFormedAttributeKey(key) && IsAttributeKeyInSafeForm(key) && !IsReservedAttributeKey(key);

    // Empty is allowed: LiveKit treats it as unset.
    public static bool AttributeValueFits(string value) => Encoding.UTF8.GetByteCount(value) <= MaxAttributeValueBytes;
}
