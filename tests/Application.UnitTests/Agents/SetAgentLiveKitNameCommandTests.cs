using Agentsgt.Domain.Rules;
using Agentsgt.Application.Agents.Commands.SetAgentLiveKitName;

namespace Agentsgt.Application.UnitTests.Agents;

public sealed class SetAgentLiveKitNameCommandTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private readonly SetAgentLiveKitNameCommandValidator _validator = new();

    [TestCase("support-agent")]
    [TestCase("agentsgt_voice.v2")]
    [TestCase(null)]
    [TestCase("   ")]
    public void Validator_AcceptsAValidNameOrNone(string? name)
    {
        Assert.That(_validator.Validate(new SetAgentLiveKitNameCommand(AgentId, name)).IsValid, Is.True);
    }

    [TestCase("has space")]
    [TestCase("slash/name")]
    public void Validator_RejectsNamesOutsideTheRule(string name)
    {
        var result = _validator.Validate(new SetAgentLiveKitNameCommand(AgentId, name));

        // Keyed by the command's property, as every Application rule is (the CLI prints the message).
        Assert.That(result.Errors.Single().PropertyName, Is.EqualTo(nameof(SetAgentLiveKitNameCommand.LiveKitAgentName)));
        Assert.That(result.Errors.Single().ErrorMessage, Is.EqualTo(Agentsgt.Domain.Rules.LiveKitAgentNameRules.Rule));
    }

    [Test]
    public void Command_TrimsAndTreatsBlankAsClear()
    {
        Assert.That(new SetAgentLiveKitNameCommand(AgentId, "  support-agent ").LiveKitAgentName, Is.EqualTo("support-agent"));
        Assert.That(new SetAgentLiveKitNameCommand(AgentId, " ").LiveKitAgentName, Is.Null);
    }

    [Test]
    public async Task Handler_StoresTheName()
    {
        var agent = new Agent(AgentId, Guid.NewGuid(), "Support", DateTimeOffset.UtcNow);
        var agents = new Mock<IAgentRepository>(MockBehavior.Strict);
        agents.Setup(a => a.GetAsync(AgentId, It.IsAny<CancellationToken>())).ReturnsAsync(agent);
        agents.Setup(a => a.UpdateAsync(agent, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await new SetAgentLiveKitNameCommandHandler(agents.Object).Handle(new SetAgentLiveKitNameCommand(AgentId, "support-agent"), CancellationToken.None);

        agents.VerifyAll();
        Assert.That(agent.LiveKitAgentName, Is.EqualTo("support-agent"));
    }

    [Test]
    public async Task Handler_AnswersNotFound_ForAMissingOrDeletedAgent()
    {
        var deleted = new Agent(AgentId, Guid.NewGuid(), "Support", DateTimeOffset.UtcNow);
        deleted.Delete(DateTimeOffset.UtcNow);
        var agents = new Mock<IAgentRepository>(MockBehavior.Strict);
        agents.SetupSequence(a => a.GetAsync(AgentId, It.IsAny<CancellationToken>())).ReturnsAsync((Agent?)null).ReturnsAsync(deleted);
        var handler = new SetAgentLiveKitNameCommandHandler(agents.Object);

        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new SetAgentLiveKitNameCommand(AgentId, null), CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => handler.Handle(new SetAgentLiveKitNameCommand(AgentId, "support-agent"), CancellationToken.None));
        agents.Verify(a => a.UpdateAsync(It.IsAny<Agent>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
