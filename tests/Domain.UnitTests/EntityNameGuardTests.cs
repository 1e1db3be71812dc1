using Agentsgt.Domain.Entities;

namespace Agentsgt.Domain.UnitTests;

/// <summary>
/// Entities keep the name invariant (trimmed, not blank, not too long, no control characters) by refusing input that breaks
/// it: the command trims, the validator checks, nothing is fixed silently here.
/// </summary>
public sealed class EntityNameGuardTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    private static Organization NewOrganization(string name) => new(Guid.NewGuid(), name, Now);

    private static Agent NewAgent(string name) => new(Guid.NewGuid(), Guid.NewGuid(), name, Now);

    private static ApiKey NewSecretKey(string name) => new(Guid.NewGuid(), Guid.NewGuid(), name, "pk_abc", [1], "p1", Now, null);

    private static ApiKey NewPublishableKey(string name) => ApiKey.CreatePublishable(Guid.NewGuid(), Guid.NewGuid(), name, "pk_abc", ["https://a.example"], [], Now, null);

    [Test]
    public void KeepsATrimmedName()
    {
        Assert.That(NewOrganization("Acme").Name, Is.EqualTo("Acme"));
        Assert.That(NewAgent("Support bot").Name, Is.EqualTo("Support bot"));
        Assert.That(NewSecretKey("prod").Name, Is.EqualTo("prod"));
        Assert.That(NewPublishableKey("widget").Name, Is.EqualTo("widget"));
    }

    [TestCase("  Acme  ")]
    [TestCase(" Acme")]
    [TestCase("Acme\n")]
    [TestCase("   ")]
    public void RefusesAnUntrimmedOrBlankName(string name)
    {
        Assert.Throws<ArgumentException>(() => NewOrganization(name));
        Assert.Throws<ArgumentException>(() => NewAgent(name));
        Assert.Throws<ArgumentException>(() => NewSecretKey(name));
        Assert.Throws<ArgumentException>(() => NewPublishableKey(name));
    }

    [Test]
    public void RefusesAnEmptyName_ExceptForAnApiKey_WhereItMeansNoName()
    {
        Assert.Throws<ArgumentException>(() => NewOrganization(string.Empty));
        Assert.Throws<ArgumentException>(() => NewAgent(string.Empty));
        Assert.That(NewSecretKey(string.Empty).Name, Is.Empty);
        Assert.That(NewPublishableKey(string.Empty).Name, Is.Empty);
    }

    [Test]
    public void RefusesANull()
    {
        Assert.Throws<ArgumentNullException>(() => NewOrganization(null!));
        Assert.Throws<ArgumentNullException>(() => NewAgent(null!));
        Assert.Throws<ArgumentNullException>(() => NewSecretKey(null!));
    }

    [Test]
    public void RefusesANameOverTheLimit()
    {
        Assert.That(NewOrganization(new string('x', Organization.MaxNameLength)).Name, Has.Length.EqualTo(200));
        Assert.Throws<ArgumentException>(() => NewOrganization(new string('x', Organization.MaxNameLength + 1)));
        Assert.Throws<ArgumentException>(() => NewAgent(new string('x', Agent.MaxNameLength + 1)));
        Assert.Throws<ArgumentException>(() => NewSecretKey(new string('x', ApiKey.MaxNameLength + 1)));
        Assert.Throws<ArgumentException>(() => NewPublishableKey(new string('x', ApiKey.MaxNameLength + 1)));
    }

    [TestCase("Acme\u001b[31m")]
    [TestCase("Acme\u0000Inc")]
    public void RefusesAControlCharacter_AsTheValidatorDoes(string name)
    {
        Assert.Throws<ArgumentException>(() => NewOrganization(name));
        Assert.Throws<ArgumentException>(() => NewAgent(name));
        Assert.Throws<ArgumentException>(() => NewSecretKey(name));
        Assert.Throws<ArgumentException>(() => NewPublishableKey(name));
    }
}
