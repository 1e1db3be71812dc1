using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Agentsgt.Domain.ValueObjects;

// The AV worker bills and routes by this name: this type is the only place that formats or parses it.
public sealed record RoomName
{
    public const string Prefix = "agentsgt-room-";
    public const int MaxSuffixLength = 64;

    public const int RandomSuffixLength = 16;

    private const string RandomAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int UuidLength = 36;

    private RoomName(Guid agentId, Guid organizationId, string suffix)
    {
        AgentId = agentId;
        OrganizationId = organizationId;
        Suffix = suffix;
        Value = string.Concat(Prefix, agentId.ToString("D"), "-", organizationId.ToString("D"), "-", suffix);
    }

    public Guid AgentId { get; }

    public Guid OrganizationId { get; }

    public string Suffix { get; }

    public string Value { get; }

    public static RoomName CreateRandom(Guid agentId, Guid organizationId) =>
        new(agentId, organizationId, RandomNumberGenerator.GetString(RandomAlphabet, RandomSuffixLength));

    public static RoomName FromShortName(Guid agentId, Guid organizationId, string shortName)
    {
        if (!IsValidShortName(shortName))
        {
            throw new ArgumentException("Not a valid short room name.", nameof(shortName));
        }

        return new RoomName(agentId, organizationId, shortName);
    }

    public static bool HasPrefix(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool IsValidShortName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxSuffixLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    // Only the canonical form (lowercase UUIDs) parses, so a parsed name formats back to the same LiveKit room.
    public static bool TryParse(string? value, [NotNullWhen(true)] out RoomName? room)
    {
        room = null;
        const int minLength = 14 + UuidLength + 1 + UuidLength + 1 + 1;
        if (value is null || value.Length < minLength || !HasPrefix(value))
        {
            return false;
        }

        var span = value.AsSpan(Prefix.Length);
        if (!TryParseLowercaseUuid(span[..UuidLength], out var agentId) || span[UuidLength] != '-')
        {
            return false;
        }

        span = span[(UuidLength + 1)..];
        if (span.Length < UuidLength + 2
            || !TryParseLowercaseUuid(span[..UuidLength], out var organizationId)
            || span[UuidLength] != '-')
        {
            return false;
        }

        var suffix = span[(UuidLength + 1)..].ToString();
        if (!IsValidShortName(suffix))
        {
            return false;
        }

        room = new RoomName(agentId, organizationId, suffix);
        return true;
    }

    public override string ToString() => Value;

    private static bool TryParseLowercaseUuid(ReadOnlySpan<char> text, out Guid id)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                id = default;
                return false;
            }
        }

        return Guid.TryParseExact(text, "D", out id);
    }
}
