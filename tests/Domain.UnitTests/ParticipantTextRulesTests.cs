namespace Agentsgt.Domain.UnitTests;

public sealed class ParticipantTextRulesTests
{
    [TestCase(null, null)]
    [TestCase("", null)]
    [TestCase("   ", null)]
    [TestCase("  user-123 ", "user-123")]
    public void TrimOptional_TrimsAndTreatsEmptyAsOmitted(string? value, string? expected)
    {
        Assert.That(TextRules.TrimOptional(value), Is.EqualTo(expected));
    }

    // Every invariant of an identity, as the validator states them.
    private static bool IsValidIdentity(string value) =>
        ParticipantTextRules.IsUnicode(value) && ParticipantTextRules.HasAllowedLength(value) && ParticipantTextRules.FitsUtf8Length(value)
        && TextRules.HasNoControlCharacters(value) && ParticipantTextRules.HasNoWhitespace(value) && ParticipantTextRules.HasNoHash(value)
        && ParticipantTextRules.IsInSafeForm(value);

    private static bool IsValidName(string value) =>
        ParticipantTextRules.IsUnicode(value) && ParticipantTextRules.HasAllowedLength(value) && ParticipantTextRules.FitsUtf8Length(value)
        && TextRules.HasNoControlCharacters(value);

    [TestCase("user-123")]
    [TestCase("José")]
    [TestCase("user@example.com")]
    public void Identity_AcceptsOrdinaryIdentities(string value)
    {
        Assert.That(IsValidIdentity(value), Is.True);
    }

    [TestCase("a b")]
    [TestCase("a\u00a0b")]
    public void Identity_RejectsWhitespace(string value)
    {
        Assert.That(ParticipantTextRules.HasNoWhitespace(value), Is.False);
    }

    [TestCase("a\tb")]
    [TestCase("a\u0000b")]
    public void Identity_RejectsControlCharacters(string value)
    {
        Assert.That(TextRules.HasNoControlCharacters(value), Is.False);
    }

    [Test]
    public void Identity_RejectsHash()
    {
        Assert.That(ParticipantTextRules.HasNoHash("a#b"), Is.False);
        Assert.That(ParticipantTextRules.HasNoHash("ab"), Is.True);
    }

    // Two identities LiveKit would treat as different but a reader would see as the same person.
    [TestCase("user\u200b-123", TestName = "Identity_RejectsZeroWidthSpace")]
    [TestCase("user\u200d-123", TestName = "Identity_RejectsZeroWidthJoiner")]
    [TestCase("\u202euser-123", TestName = "Identity_RejectsBidiOverride")]
    [TestCase("user-123\u2066", TestName = "Identity_RejectsBidiIsolate")]
    [TestCase("\ufeffuser-123", TestName = "Identity_RejectsByteOrderMark")]
    [TestCase("user\u2024123", TestName = "Identity_RejectsOneDotLeader")]
    [TestCase("\uff55ser-123", TestName = "Identity_RejectsFullwidthLetters")]
    [TestCase("Jose\u0301", TestName = "Identity_RejectsDecomposedAccents")]
    public void Identity_RejectsTextNotAlreadyInASafeForm(string value)
    {
        Assert.That(ParticipantTextRules.IsInSafeForm(value), Is.False);
        Assert.That(ParticipantTextRules.NotInSafeFormMessage, Does.Contain("NFKC"));
    }

    [Test]
    public void Identity_Accepts128CharactersAndRejects129()
    {
        Assert.That(IsValidIdentity(new string('a', 128)), Is.True);
        Assert.That(ParticipantTextRules.HasAllowedLength(new string('a', 129)), Is.False);
        Assert.That(ParticipantTextRules.HasAllowedLength(string.Empty), Is.False);
        Assert.That(ParticipantTextRules.LengthMessage, Does.Contain("1-128"));
    }

    [Test]
    public void Identity_RejectsMoreThan256Utf8Bytes()
    {
        // 100 characters of 3 bytes each: within 128 characters, over 256 bytes.
        var value = new string('€', 100);

        Assert.That(ParticipantTextRules.HasAllowedLength(value), Is.True);
        Assert.That(ParticipantTextRules.FitsUtf8Length(value), Is.False);
        Assert.That(ParticipantTextRules.Utf8LengthMessage, Does.Contain("256 bytes"));
    }

    [Test]
    public void Length_CountsCharactersNotUtf16Units()
    {
        // 64 emoji: 128 UTF-16 units, 64 characters, 256 bytes.
        var value = string.Concat(Enumerable.Repeat("😀", 64));

        Assert.That(IsValidName(value), Is.True);
    }

    [TestCase("José Núñez")]
    [TestCase("John Doe")]
    [TestCase("李小龍")]
    public void Name_AcceptsUnicodeLettersAndSpaces(string value)
    {
        Assert.That(IsValidName(value), Is.True);
    }

    [TestCase("a\nb")]
    [TestCase("a\u0007b")]
    public void Name_RejectsControlCharacters(string value)
    {
        Assert.That(TextRules.HasNoControlCharacters(value), Is.False);
    }

    [Test]
    public void Text_RejectsLoneSurrogates()
    {
        Assert.That(ParticipantTextRules.IsUnicode("a\ud800b"), Is.False);
        Assert.That(ParticipantTextRules.IsUnicode("a😀b"), Is.True);
    }

    [Test]
    public void NewIdentity_IsValidAndUnique()
    {
        var identities = Enumerable.Range(0, 10_000).Select(_ => ParticipantTextRules.NewIdentity()).ToList();

        Assert.That(identities.Distinct().Count(), Is.EqualTo(identities.Count));
        Assert.That(identities.All(IsValidIdentity), Is.True);
    }
}
