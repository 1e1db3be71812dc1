using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentsgt.Infrastructure.Configuration;

/// <summary>An options class that names every problem with its own values, one operator-worded message each.</summary>
public interface IValidatedOptions
{
    IEnumerable<string> Problems();
}

/// <summary>
/// The one way options are checked: each class registered with <see cref="AddValidatedOptions{TOptions}"/>
/// gets one <see cref="IValidateOptions{TOptions}"/> that reports its <see cref="IValidatedOptions.Problems"/>,
/// and <c>ValidateOnStart</c>; <see cref="ValidateAll"/> runs them all and reports every problem at once.
/// </summary>
public static class ValidatedOptions
{
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services)
        where TOptions : class, IValidatedOptions
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ProblemsValidator<TOptions>>());
        return services.AddOptions<TOptions>().ValidateOnStart();
    }

    /// <summary>Validates every options class registered for start-up; throws one exception naming every problem.</summary>
    public static void ValidateAll(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (AggregateException exception)
        {
            // More than one options class failed: one message for all of them.
            throw new OptionsValidationException(
                "configuration",
                typeof(ValidatedOptions),
                exception.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures));
        }
    }

    private sealed class ProblemsValidator<TOptions> : IValidateOptions<TOptions>
        where TOptions : class, IValidatedOptions
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
