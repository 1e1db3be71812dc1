using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Domain.UnitTests;

public sealed class ParticipantContextTests
{
    [TestCase("")]
    [TestCase("{\"page\":\"/pricing\"}")]
    [TestCase("  spaces are kept  ")]
    [TestCase("línea\nnueva")]
    public void Metadata_AcceptsAnyText(string value)
    {
        Assert.That(ParticipantContext.DescribeMetadataProblem(value), Is.Null);
    }

    [Test]
    public void Metadata_Accepts4KiBAndRejectsOneByteMore()
    {
        Assert.That(ParticipantContext.DescribeMetadataProblem(new string('a', 4096)), Is.Null);
        Assert.That(ParticipantContext.DescribeMetadataProblem(new string('a', 4097)), Does.Contain("4096 bytes"));
    }

    [Test]
    public void Metadata_CountsUtf8Bytes()
    {
        // 1366 characters of 3 bytes: 4098 bytes.
        Assert.That(ParticipantContext.DescribeMetadataProblem(new string('€', 1366)), Does.Contain("4096 bytes"));
    }

    [Test]
    public void Metadata_RejectsLoneSurrogates()
    {
        Assert.That(ParticipantContext.DescribeMetadataProblem("a\ud800b"), Does.Contain("Unicode"));
    }

    [TestCase("plan")]
    [TestCase("app.page")]
    [TestCase("clé")]
    [TestCase("with space")]
    public void AttributeKey_AcceptsOrdinaryKeys(string key)
    {
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(key), Is.Null);
    }

    [Test]
    public void AttributeKey_Accepts64CharactersAndRejects65AndEmpty()
    {
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(new string('k', 64)), Is.Null);
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(new string('k', 65)), Is.EqualTo(ParticipantContext.AttributeKeyMessage));
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(""), Is.EqualTo(ParticipantContext.AttributeKeyMessage));
    }

    [Test]
    public void AttributeKey_CountsCharactersNotUtf16Units()
    {
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(string.Concat(Enumerable.Repeat("😀", 64))), Is.Null);
    }

    [TestCase("a\u0000b")]
    [TestCase("tab\there")]
    public void AttributeKey_RejectsControlCharactersAndInvalidText(string key)
    {
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(key), Is.EqualTo(ParticipantContext.AttributeKeyMessage));
    }

    [Test]
    public void AttributeKey_RejectsLoneSurrogates()
    {
        // Built in code: attribute arguments cannot carry a lone surrogate intact.
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem("lone" + (char)0xDC00), Is.EqualTo(ParticipantContext.AttributeKeyMessage));
    }

    [TestCase("agentsgt.agentId")]
    [TestCase("agentsgt.organizationId")]
    [TestCase("agentsgt.anything")]
    [TestCase("AgentsGT.agentId")]
    [TestCase("AGENTSGT.")]
    public void AttributeKey_RejectsTheServicesReservedPrefixInAnyCase(string key)
    {
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(key), Is.EqualTo(ParticipantContext.ReservedKeyMessage));
    }

    // Imitations of the reserved prefix: a reader that trims or NFKC-normalizes keys would see "agentsgt.".
    [TestCase(" agentsgt.organizationId", TestName = "AttributeKey_RejectsALeadingSpace")]
    [TestCase("agentsgt.organizationId ", TestName = "AttributeKey_RejectsATrailingSpace")]
    [TestCase("\u00a0plan", TestName = "AttributeKey_RejectsLeadingNoBreakSpace")]
    [TestCase("agentsgt\u2024organizationId", TestName = "AttributeKey_RejectsOneDotLeader_WhichNfkcTurnsIntoAFullStop")]
    [TestCase("agentsgt\uff0eagentId", TestName = "AttributeKey_RejectsFullwidthFullStop")]
    [TestCase("\uff41gentsgt.agentId", TestName = "AttributeKey_RejectsFullwidthLetters")]
    [TestCase("agents\u200bgt.agentId", TestName = "AttributeKey_RejectsZeroWidthSpace")]
    [TestCase("\u202eagentsgt.agentId", TestName = "AttributeKey_RejectsBidiOverride")]
    [TestCase("plan\u00ad", TestName = "AttributeKey_RejectsSoftHyphen")]
    [TestCase("cle\u0301", TestName = "AttributeKey_RejectsDecomposedAccents")]
    public void AttributeKey_RejectsKeysNotAlreadyInASafeForm(string key)
    {
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(key), Is.Not.Null.And.Contains("NFKC"));
    }

    [TestCase("agentsgt")]
    [TestCase("my.agentsgt.key")]
    public void AttributeKey_AllowsKeysThatOnlyMentionTheService(string key)
    {
        Assert.That(ParticipantContext.DescribeAttributeKeyProblem(key), Is.Null);
    }

    [Test]
    public void AttributeValue_AcceptsEmptyAnd1KiB_RejectsMoreAndNull()
    {
        Assert.That(ParticipantContext.DescribeAttributeValueProblem(""), Is.Null);
        Assert.That(ParticipantContext.DescribeAttributeValueProblem(new string('v', 1024)), Is.Null);
        Assert.That(ParticipantContext.DescribeAttributeValueProblem(new string('v', 1025)), Does.Contain("1024 bytes"));
        Assert.That(ParticipantContext.DescribeAttributeValueProblem(null), Is.EqualTo("must be a string"));
        Assert.That(ParticipantContext.DescribeAttributeValueProblem("\ud800"), Does.Contain("Unicode"));
    }
}
