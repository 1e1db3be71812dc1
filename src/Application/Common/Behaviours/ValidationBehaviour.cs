namespace Agentsgt.Application.Common.Behaviours;

public sealed class ValidationBehaviour<TRequest, TResponse> : IPipelineBehavior<TRequest, TResponse>
{
    private readonly IValidator<TRequest>[] _validators;

    public ValidationBehaviour(IEnumerable<IValidator<TRequest>> validators)
    {
        _validators = validators as IValidator<TRequest>[] ?? validators.ToArray();
    }

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_validators.Length == 0)
        {
            return next();
        }

        Dictionary<string, List<string>>? errors = null;
        var context = new ValidationContext<TRequest>(request);
        foreach (var validator in _validators)
        {
            // Our validators are synchronous; Validate avoids the async state machine on the hot path.
            var result = validator.Validate(context);
            foreach (var failure in result.Errors)
            {
                errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
                if (!errors.TryGetValue(failure.PropertyName, out var list))
                {
                    list = [];
                    errors[failure.PropertyName] = list;
                }

                list.Add(failure.ErrorMessage);
            }
        }

        if (errors is not null)
        {
            throw new ValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return next();
    }
}
