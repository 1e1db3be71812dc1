using System.Text;

namespace Agentsgt.Domain.Rules;

// LiveKit bounds identities to 256 UTF-8 bytes, and a second participant with the same identity disconnects the first.
public static class ParticipantTextRules
{
    public const int MaxCharacters = 128;
    public const int MaxUtf8Bytes = 256;
    public const string DefaultDisplayName = "Visitor";
    public const string GeneratedIdentityPrefix = "visitor-";

    private const string IdentityAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    // U+2024 is not NFKC: a runtime that says it is has no normalization data.
    private static readonly bool NormalizationAvailable = !"\u2024".IsNormalized(NormalizationForm.FormKC);

    public static string NewIdentity() =>
        GeneratedIdentityPrefix + System.Security.Cryptography.RandomNumberGenerator.GetString(IdentityAlphabet, 20);

    // One invariant each: a validator states them in this order and stops at the first broken one.
    public const string NotUnicodeMessage = "must be valid Unicode text";
    public const string LengthMessage = "must be 1-128 characters";
    public const string Utf8LengthMessage = "must be at most 256 bytes in UTF-8";
    public const string ControlCharacterMessage = "must not contain control characters";
    public const string WhitespaceMessage = "must not contain whitespace";
    public const string HashMessage = "must not contain the # character";
    public const string NotInSafeFormMessage =
        "must not contain format characters (such as zero-width or bidirectional controls) or characters that Unicode compatibility normalization (NFKC) changes";

    // Lone surrogates are not text and cannot be encoded as UTF-8 for LiveKit.
    public static bool IsUnicode(string value) => !ContainsLoneSurrogate(value);

    public static bool HasAllowedLength(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var characters = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            characters++;
        }

        return characters is >= 1 and <= MaxCharacters;
    }

    public static bool FitsUtf8Length(string value) => Encoding.UTF8.GetByteCount(value) <= MaxUtf8Bytes;

        public static bool HasNoWhitespace(string value) => !value.EnumerateRunes().Any(Rune.IsWhiteSpace);

    // LiveKit appends #… to identities of publish-only connections.
    public static bool HasNoHash(string value) => !value.Contains('#', StringComparison.Ordinal);

    // No control or format characters, and already NFKC, so no text imitates another by normalization.
    // Without Unicode data (invariant globalization) only ASCII counts as safe: the check fails closed.
    public static bool IsInSafeForm(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (ContainsLoneSurrogate(value))
        {
            return false;
        }

        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) == System.Globalization.UnicodeCategory.Format)
            {
                return false;
            }

            if (!rune.IsAscii && !NormalizationAvailable)
            {
                return false;
            }
        }

        return value.IsNormalized(NormalizationForm.FormKC);
    }

    public static bool ContainsLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
