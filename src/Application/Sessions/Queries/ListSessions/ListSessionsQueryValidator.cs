namespace Agentsgt.Application.Sessions.Queries.ListSessions;

public sealed class ListSessionsQueryValidator : AbstractValidator<ListSessionsQuery>
{
    public ListSessionsQueryValidator(ISessionCursors cursors)
    {
        ArgumentNullException.ThrowIfNull(cursors);
        RuleFor(q => q.AgentId)
            .Must(a => UsageQueryValues.TryParseAgentId(a, out _)).When(q => !UsageQueryValues.IsOmitted(q.AgentId))
            .WithMessage(UsageQueryValues.AgentIdMessage);
        RuleFor(q => q.From).MustBeTimeIfGiven();
        RuleFor(q => q.To).MustBeTimeIfGiven();
        RuleFor(q => q.To).Must((q, to) => UsageQueryValues.IsAfterFrom(q.From, to)).WithMessage(UsageQueryValues.RangeMessage);
        RuleFor(q => q.Limit)
            .Must(l => UsageQueryValues.TryParseLimit(l, out _))
            .WithMessage(UsageQueryValues.LimitMessage);
        RuleFor(q => q.Cursor)
            .Must((q, c) => cursors.TryRead(c!.Trim(), q.CursorScope(), out _)).When(q => !UsageQueryValues.IsOmitted(q.Cursor))
            .WithMessage(UsageQueryValues.CursorMessage);
    }
}
