namespace Agentsgt.Application.Sessions.Queries.GetUsage;

public sealed class GetUsageQueryValidator : AbstractValidator<GetUsageQuery>
{
    public GetUsageQueryValidator()
    {
        RuleFor(q => q.From).MustBeTimeIfGiven();
        RuleFor(q => q.To).MustBeTimeIfGiven();
        RuleFor(q => q.To).Must((q, to) => UsageQueryValues.IsAfterFrom(q.From, to)).WithMessage(UsageQueryValues.RangeMessage);
        RuleFor(q => q.GroupBy)
            .Must(g => UsageQueryValues.TryParseGrouping(g, out _))
            .WithMessage(UsageQueryValues.GroupByMessage);
    }
}
