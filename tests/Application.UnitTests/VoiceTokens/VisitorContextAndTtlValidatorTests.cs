using Agentsgt.Domain.Rules;
using Agentsgt.Domain.ValueObjects;
using FluentValidation.Results;

namespace Agentsgt.Application.UnitTests.VoiceTokens;

/// <summary>Metadata, attributes and TTL: one rule set for both endpoints, keyed by property path (Api renames to JSON names).</summary>
public sealed class VisitorContextAndTtlValidatorTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");

    private static ValidationResult ValidateContract(string? metadata = null, Dictionary<string, string>? attributes = null, int? ttl = null) =>
        new IssueVoiceTokenCommandValidator().Validate(new IssueVoiceTokenCommand(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), null, null, null)
        {
            Metadata = metadata,
            Attributes = attributes,
            TtlSeconds = ttl,
        });

    private static ValidationResult ValidateTokenSource(string? metadata = null, Dictionary<string, string>? attributes = null, int? ttl = null) =>
        new IssueVoiceTokenCommandValidator().Validate(new IssueVoiceTokenCommand(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), null, null, null)
        {
            Metadata = metadata,
            Attributes = attributes,
            TtlSeconds = ttl,
        });

    private static Dictionary<string, string> Attributes(int count) =>
        Enumerable.Range(0, count).ToDictionary(i => $"k{i}", i => $"v{i}");

    [Test]
    public void AcceptsMetadataAttributesAndTtlWithinBounds()
    {
        Assert.That(ValidateContract("{\"plan\":\"pro\"}", Attributes(32), 60).IsValid, Is.True);
        Assert.That(ValidateTokenSource(new string('m', 4096), Attributes(1), 3600).IsValid, Is.True);
    }

    [Test]
    public void TreatsEmptyMetadataAndAttributesAsOmitted()
    {
        var command = new IssueVoiceTokenCommand(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), null, null, null) { Metadata = "", Attributes = new Dictionary<string, string>() };

        Assert.That(command.Metadata, Is.Null);
        Assert.That(command.Attributes, Is.Null);
    }

    [Test]
    public void KeepsMetadataExactlyAsSent()
    {
        var command = new IssueVoiceTokenCommand(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), null, null, null) { Metadata = "  x  " };

        Assert.That(command.Metadata, Is.EqualTo("  x  "));
    }

    [Test]
    public void RejectsMetadataOver4KiB_UnderEachEndpointsName()
    {
        Assert.That(ValidateContract(new string('m', 4097)).Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "Metadata" }));
        Assert.That(ValidateTokenSource(new string('m', 4097)).Errors.Select(e => e.PropertyName), Is.EquivalentTo(new[] { "Metadata" }));
    }

    [Test]
    public void RejectsMoreThan32Attributes()
    {
        var result = ValidateTokenSource(attributes: Attributes(33));

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("Attributes"));
        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo(ParticipantContextRules.TooManyAttributesMessage));
    }

    [TestCase("agentsgt.agentId")]
    [TestCase("agentsgt.organizationId")]
    [TestCase("AgentsGT.custom")]
    public void RejectsReservedAttributeKeys(string key)
    {
        var result = ValidateContract(attributes: new() { [key] = "spoofed" });

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("Attributes"));
        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo(ParticipantContextRules.ReservedKeyMessage));
    }

    [Test]
    public void RejectsAnAttributeKeyOver64Characters_WithoutEchoingIt()
    {
        var result = ValidateContract(attributes: new() { [new string('k', 65)] = "v" });

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("Attributes"));
        Assert.That(result.Errors.Single().ErrorMessage, Does.Not.Contain("kkkk"));
    }

    [Test]
    public void ReportsEachKeyProblemOnce()
    {
        var result = ValidateContract(attributes: new() { ["agentsgt.a"] = "1", ["agentsgt.b"] = "2" });

        Assert.That(result.Errors, Has.Count.EqualTo(1));
    }

    [Test]
    public void RejectsAnAttributeValueOver1KiB_UnderTheKeysName()
    {
        Assert.That(ValidateContract(attributes: new() { ["plan"] = new string('v', 1025) }).Errors.Single().PropertyName, Is.EqualTo("Attributes[plan]"));
        Assert.That(ValidateTokenSource(attributes: new() { ["plan"] = new string('v', 1025) }).Errors.Single().PropertyName, Is.EqualTo("Attributes[plan]"));
    }

    [Test]
    public void RejectsANullAttributeValue()
    {
        // JSON null reaches a Dictionary<string, string> despite the annotation.
        var result = ValidateContract(attributes: new() { ["plan"] = null! });

        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo("Attributes[plan]"));
    }

    [Test]
    public void ReportsEveryBadAttributeValue_EachOnceUnderItsKey()
    {
        var result = ValidateContract(attributes: new()
        {
            ["missing"] = null!,
            ["long"] = new string('v', 1025),
            ["broken"] = "a\ud800b" + new string('v', 1100),
            ["fine"] = "ok",
        });

        Assert.That(result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)), Is.EquivalentTo(new[]
        {
            ("Attributes[missing]", ParticipantContextRules.AttributeValueMessage),
            ("Attributes[long]", ParticipantContextRules.AttributeValueLengthMessage),
            ("Attributes[broken]", ParticipantTextRules.NotUnicodeMessage),
        }));
    }

    [TestCase(59)]
    [TestCase(3601)]
    [TestCase(0)]
    [TestCase(-1)]
    public void RejectsTtlOutside60To3600(int ttl)
    {
        Assert.That(ValidateContract(ttl: ttl).Errors.Single().PropertyName, Is.EqualTo("TtlSeconds"));
        Assert.That(ValidateTokenSource(ttl: ttl).Errors.Single().PropertyName, Is.EqualTo("TtlSeconds"));
        Assert.That(ValidateTokenSource(ttl: ttl).Errors.Single().ErrorMessage, Is.EqualTo(IssueVoiceTokenCommandValidator.TtlMessage));
    }

    [Test]
    public void DefaultsTheLifetimeToOneHour()
    {
        Assert.That(new IssueVoiceTokenCommand(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), null, null, null).Lifetime, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(new IssueVoiceTokenCommand(TestCallers.Secret(OrganizationId), TestAgents.Found(AgentId, OrganizationId), null, null, null) { TtlSeconds = 900 }.Lifetime, Is.EqualTo(TimeSpan.FromMinutes(15)));
    }
}
