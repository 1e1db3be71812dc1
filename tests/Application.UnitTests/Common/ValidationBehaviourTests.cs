using Agentsgt.Application.Common.Behaviours;
using FluentValidation;
using ValidationException = Agentsgt.Application.Common.Exceptions.ValidationException;

namespace Agentsgt.Application.UnitTests.Common;

public sealed class ValidationBehaviourTests
{
    private static readonly IValidator<IssueVoiceTokenCommand>[] Validators = [new IssueVoiceTokenCommandValidator()];

    [Test]
    public async Task ThrowsWithEveryFieldsProblems_AndNeverCallsTheHandler()
    {
        var behaviour = new ValidationBehaviour<IssueVoiceTokenCommand, IssuedVoiceToken>(Validators);
        var command = new IssueVoiceTokenCommand(TestCallers.Secret(Guid.NewGuid()), TestAgents.Found(Guid.NewGuid(), Guid.NewGuid()), "bad room", "bad id", null);
        var called = false;

        var ex = await Assert.ThrowsAsync<ValidationException>(() => behaviour.Handle(command, CancellationToken.None, () =>
        {
            called = true;
            return Task.FromResult<IssuedVoiceToken>(null!);
        }));

        Assert.That(called, Is.False);
        Assert.That(ex!.Errors.Keys, Is.EquivalentTo(new[] { "Room", "Identity" }));
    }

    [Test]
    public async Task CallsTheHandler_WhenValid()
    {
        var behaviour = new ValidationBehaviour<IssueVoiceTokenCommand, IssuedVoiceToken>(Validators);
        var command = new IssueVoiceTokenCommand(TestCallers.Secret(Guid.NewGuid()), TestAgents.Found(Guid.NewGuid(), Guid.NewGuid()), null, null, null);
        var called = false;

        await behaviour.Handle(command, CancellationToken.None, () =>
        {
            called = true;
            return Task.FromResult<IssuedVoiceToken>(null!);
        });

        Assert.That(called, Is.True);
    }
}
