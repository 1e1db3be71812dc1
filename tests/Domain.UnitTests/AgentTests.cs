using Agentsgt.Domain.Entities;

namespace Agentsgt.Domain.UnitTests;

public sealed class AgentTests
{
    private static Agent NewAgent() => new(Guid.NewGuid(), Guid.NewGuid(), "Agent", DateTimeOffset.UnixEpoch);

    [Test]
    public void HasNoLiveKitAgentName_ByDefault()
    {
        Assert.That(NewAgent().LiveKitAgentName, Is.Null);
    }

    [TestCase("support-agent")]
    [TestCase("agentsgt_voice.v2")]
    public void SetLiveKitAgentName_StoresTheName(string name)
    {
        var agent = NewAgent();

        agent.SetLiveKitAgentName(name);

        Assert.That(agent.LiveKitAgentName, Is.EqualTo(name));
    }

    [Test]
    public void SetLiveKitAgentName_ClearsWithNull()
    {
        var agent = NewAgent();
        agent.SetLiveKitAgentName("support-agent");

        agent.SetLiveKitAgentName(null);

        Assert.That(agent.LiveKitAgentName, Is.Null);
    }

    // The command normalizes (trims, blank to null); the entity only checks, so unnormalized input is refused.
    [TestCase("has space")]
    [TestCase("slash/name")]
    [TestCase("émoji-😀")]
    [TestCase("  agentsgt_voice.v2  ")]
    [TestCase("")]
    [TestCase("   ")]
    public void SetLiveKitAgentName_RejectsNamesOutsideTheRule_AndKeepsTheOldOne(string name)
    {
        var agent = NewAgent();
        agent.SetLiveKitAgentName("support-agent");

        Assert.Throws<ArgumentException>(() => agent.SetLiveKitAgentName(name));
        Assert.That(agent.LiveKitAgentName, Is.EqualTo("support-agent"));
    }

    [Test]
    public void LiveKitAgentName_Accepts128CharactersAndRejects129()
    {
        Assert.That(LiveKitAgentNameRules.IsValid(new string('a', 128)), Is.True);
        Assert.That(LiveKitAgentNameRules.IsValid(new string('a', 129)), Is.False);
        Assert.That(LiveKitAgentNameRules.IsValid("a b"), Is.False);
        Assert.That(LiveKitAgentNameRules.IsValid("worker-1.eu_west"), Is.True);
    }
}
