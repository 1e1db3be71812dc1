namespace Agentsgt.Domain.UnitTests;

public sealed class ParticipantContextRulesTests
{
    [TestCase("")]
    [TestCase("{\"page\":\"/pricing\"}")]
    [TestCase("  spaces are kept  ")]
    [TestCase("línea\nnueva")]
    public void Metadata_AcceptsAnyText(string value)
    {
        Assert.That(ParticipantTextRules.IsUnicode(value) && ParticipantContextRules.MetadataFits(value), Is.True);
    }

    [Test]
    public void Metadata_Accepts4KiBAndRejectsOneByteMore()
    {
        Assert.That(ParticipantContextRules.MetadataFits(new string('a', 4096)), Is.True);
        Assert.That(ParticipantContextRules.MetadataFits(new string('a', 4097)), Is.False);
        Assert.That(ParticipantContextRules.MetadataLengthMessage, Does.Contain("4096 bytes"));
    }

    [Test]
    public void Metadata_CountsUtf8Bytes()
    {
        // 1366 characters of 3 bytes: 4098 bytes.
        Assert.That(ParticipantContextRules.MetadataFits(new string('€', 1365)), Is.True);
        Assert.That(ParticipantContextRules.MetadataFits(new string('€', 1366)), Is.False);
    }

    [Test]
    public void Metadata_RejectsLoneSurrogates()
    {
        Assert.That(ParticipantTextRules.IsUnicode("a\ud800b"), Is.False);
    }

    [TestCase("plan")]
    [TestCase("app.page")]
    [TestCase("clé")]
    [TestCase("with space")]
    public void AttributeKey_AcceptsOrdinaryKeys(string key)
    {
        Assert.That(ParticipantContextRules.IsAcceptedAttributeKey(key), Is.True);
    }

    [Test]
    public void AttributeKey_Accepts64CharactersAndRejects65AndEmpty()
    {
        Assert.That(ParticipantContextRules.IsAcceptedAttributeKey(new string('k', 64)), Is.True);
        Assert.That(ParticipantContextRules.IsWellFormedAttributeKey(new string('k', 65)), Is.False);
        Assert.That(ParticipantContextRules.IsWellFormedAttributeKey(""), Is.False);
    }

    [Test]
    public void AttributeKey_CountsCharactersNotUtf16Units()
    {
        Assert.That(ParticipantContextRules.IsAcceptedAttributeKey(string.Concat(Enumerable.Repeat("😀", 64))), Is.True);
    }

    [TestCase("a\u0000b")]
    [TestCase("tab\there")]
    public void AttributeKey_RejectsControlCharactersAndInvalidText(string key)
    {
        Assert.That(ParticipantContextRules.IsWellFormedAttributeKey(key), Is.False);
    }

    [Test]
    public void AttributeKey_RejectsLoneSurrogates()
    {
        // Built in code: attribute arguments cannot carry a lone surrogate intact.
        Assert.That(ParticipantContextRules.IsWellFormedAttributeKey("lone" + (char)0xDC00), Is.False);
    }

    [TestCase("agentsgt.agentId")]
    [TestCase("agentsgt.organizationId")]
    [TestCase("agentsgt.anything")]
    [TestCase("AgentsGT.agentId")]
    [TestCase("AGENTSGT.")]
    [TestCase("lk.agent.state")]
    [TestCase("lk.publish_on_behalf")]
    [TestCase("LK.agent.state")]
    [TestCase("Lk.")]
    public void AttributeKey_RejectsTheServicesAndLiveKitsReservedPrefixesInAnyCase(string key)
    {
        Assert.That(ParticipantContextRules.IsWellFormedAttributeKey(key) && ParticipantContextRules.IsAttributeKeyInSafeForm(key), Is.True, "only the prefix is wrong");
        Assert.That(ParticipantContextRules.IsReservedAttributeKey(key), Is.True);
        Assert.That(ParticipantContextRules.IsAcceptedAttributeKey(key), Is.False);
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
        Assert.That(ParticipantContextRules.IsWellFormedAttributeKey(key), Is.True, "well formed, so the safe-form rule is the one that reports it");
        Assert.That(ParticipantContextRules.IsAttributeKeyInSafeForm(key), Is.False);
        Assert.That(ParticipantContextRules.AttributeKeyFormMessage, Does.Contain("NFKC"));
    }

    [TestCase("agentsgt")]
    [TestCase("my.agentsgt.key")]
    public void AttributeKey_AllowsKeysThatOnlyMentionTheService(string key)
    {
        Assert.That(ParticipantContextRules.IsAcceptedAttributeKey(key), Is.True);
    }

    [Test]
    public void AttributeValue_AcceptsEmptyAnd1KiB_RejectsMoreAndNull()
    {
        Assert.That(ParticipantContextRules.AttributeValueFits(""), Is.True);
        Assert.That(ParticipantContextRules.AttributeValueFits(new string('v', 1024)), Is.True);
        Assert.That(ParticipantContextRules.AttributeValueFits(new string('v', 1025)), Is.False);
        Assert.That(ParticipantContextRules.AttributeValueLengthMessage, Does.Contain("1024 bytes"));
        Assert.That(ParticipantTextRules.IsUnicode("\ud800"), Is.False);
    }
}
