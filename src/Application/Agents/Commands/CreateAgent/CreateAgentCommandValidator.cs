namespace Agentsgt.Application.Agents.Commands.CreateAgent;

public sealed class CreateAgentCommandValidator : AbstractValidator<CreateAgentCommand>
{
    public CreateAgentCommandValidator()
    {
        RuleFor(c => c.Name).ValidName("name", Agent.MaxNameLength);
    }
}
