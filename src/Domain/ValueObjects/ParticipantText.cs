using System.Text;

namespace Agentsgt.Domain.ValueObjects;

/// <summary>
/// Rules for the visitor's identity and display name as LiveKit bounds them: identities are
/// at most 256 UTF-8 bytes, and a second participant with the same identity disconnects the first.
/// </summary>
public static class ParticipantText
{
    public const int MaxCharacters = 128;
    public const int MaxUtf8Bytes = 256;
    public const string DefaultVisitorName = "Visitor";
    public const string GeneratedIdentityPrefix = "visitor-";

    private const string IdentityAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    // U+2024 is not NFKC: a runtime that says it is has no normalization data.
    private static readonly bool NormalizationAvailable = !"\u2024".IsNormalized(NormalizationForm.FormKC);

    /// <summary>Trimmed; empty or whitespace means "not given".</summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    /// <summary>A fresh identity: <c>visitor-</c> + 20 characters of [a-z0-9] (≈103 bits from a CSPRNG).</summary>
    public static string NewVisitorIdentity() =>
        GeneratedIdentityPrefix + System.Security.Cryptography.RandomNumberGenerator.GetString(IdentityAlphabet, 20);

    public const string NotInSafeFormMessage =
        "must not contain format characters (such as zero-width or bidirectional controls) or characters that Unicode compatibility normalization (NFKC) changes";

    /// <summary>Null when valid, else what is wrong. Identities also exclude whitespace and '#', and must be in a safe form.</summary>
    public static string? DescribeIdentityProblem(string value) =>
        DescribeProblem(value, isIdentity: true) ?? (IsInSafeForm(value) ? null : NotInSafeFormMessage);

    /// <summary>
    /// True when the text reads as what it is: no control or format (Cf) characters (zero-width,
    /// bidirectional controls, soft hyphen, BOM), and already in Unicode normalization form NFKC,
    /// so a reader that normalizes it (e.g. U+2024 ONE DOT LEADER to '.', fullwidth to ASCII) sees
    /// the same string. Two such texts that look alike to a person are still mostly different
    /// strings (homoglyphs across scripts are not caught), but none imitates another by normalization.
    /// Without Unicode data (globalization-invariant mode, where normalization is a no-op) only
    /// ASCII counts as safe: the check fails closed.
    /// </summary>
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

    /// <summary>Null when valid, else what is wrong.</summary>
    public static string? DescribeNameProblem(string value) => DescribeProblem(value, isIdentity: false);

    private static string? DescribeProblem(string value, bool isIdentity)
    {
        var lengthProblem = DescribeLengthProblem(value);
        if (lengthProblem is not null)
        {
            return lengthProblem;
        }

        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune))
            {
                return "must not contain control characters";
            }

            // LiveKit appends "#…" to identities of publish-only connections.
            if (isIdentity && Rune.IsWhiteSpace(rune))
            {
                return "must not contain whitespace";
            }

            if (isIdentity && rune.Value == '#')
            {
                return "must not contain the # character";
            }
        }

        return null;
    }

    private static string? DescribeLengthProblem(string value)
    {
        // Lone surrogates are not text: they cannot be encoded as UTF-8 for LiveKit.
        if (ContainsLoneSurrogate(value))
        {
            return "must be valid Unicode text";
        }

        var characters = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            characters++;
        }

        if (characters is < 1 or > MaxCharacters)
        {
            return $"must be 1-{MaxCharacters} characters";
        }

        if (Encoding.UTF8.GetByteCount(value) > MaxUtf8Bytes)
        {
            return $"must be at most {MaxUtf8Bytes} bytes in UTF-8";
        }

        return null;
    }

    /// <summary>True when the string holds a UTF-16 surrogate without its pair (not encodable as UTF-8).</summary>
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
