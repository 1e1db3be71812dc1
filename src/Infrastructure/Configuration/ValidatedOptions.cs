using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentsgt.Infrastructure.Configuration;

public static class ValidatedOptions
{
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services)
        where TOptions : class, IValidatedOptions
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ProblemsValidator<TOptions>>());
        services.TryAddSingleton<BindingProblems<TOptions>>();
        return services.AddOptions<TOptions>().ValidateOnStart();
    }

    // A value of the wrong type becomes one of the start-up problems, named by its setting, instead of an exception.
    public static OptionsBuilder<TOptions> BindSection<TOptions>(this OptionsBuilder<TOptions> builder, IConfiguration section)
        where TOptions : class, IValidatedOptions
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        return builder.Configure<BindingProblems<TOptions>>((options, problems) =>
        {
            // One setting (with what is below it) at a time: the binder stops at its first bad
            // value, and every bad value should be named in the one line.
            foreach (var setting in section.GetChildren())
            {
                try
                {
                    Alone(setting).Bind(options);
                }
                catch (InvalidOperationException exception)
                {
                    problems.Add(DescribeBindingFailure(exception, setting.Path));
                }
                catch (TargetInvocationException exception) when (exception.InnerException is ArgumentException refused)
                {
                    // A setter that refuses the value (e.g. a negative limit); its text names no value.
                    problems.Add($"{setting.Path} is out of range: {refused.Message.Split(" (Parameter", 2)[0]}");
                }
            }
        });
    }

    // The setting and its children, keyed as they are below the section.
    private static IConfiguration Alone(IConfigurationSection setting)
    {
        var prefix = setting.Path[..^setting.Key.Length];
        return new ConfigurationBuilder()
            .AddInMemoryCollection(setting.AsEnumerable().Select(pair => KeyValuePair.Create(pair.Key[prefix.Length..], pair.Value)))
            .Build();
    }

    internal static string DescribeBindingFailure(InvalidOperationException exception, string settingPath)
    {
        // The binder's message: "Failed to convert configuration value '…' at 'Name' to type 'System.Int32'."
        var match = Regex.Match(exception.Message, "at '(?<path>[^']+)' to type '(?<type>[^']+)'", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return $"{settingPath} has a value that cannot be read as its type.";
        }

        var expected = match.Groups["type"].Value switch
        {
            "System.Int32" or "System.Int64" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a duration such as 00:00:30",
            var type => $"a {type[(type.LastIndexOf('.') + 1)..]}",
        };
        // The binder names the path below the section; the operator wrote it with the section.
        var parent = settingPath.Contains(':', StringComparison.Ordinal) ? settingPath[..settingPath.LastIndexOf(':')] + ":" : string.Empty;
        return $"{parent}{match.Groups["path"].Value} must be {expected}.";
    }

    // One wording for the API and the management commands alike.
    public static string Describe(OptionsValidationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return "invalid configuration: " + string.Join(" ", exception.Failures);
    }

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

    private sealed class BindingProblems<TOptions>
    {
        private readonly List<string> _problems = [];

        public IReadOnlyList<string> All
        {
            get
            {
                lock (_problems)
                {
                    return [.. _problems.Distinct(StringComparer.Ordinal)];
                }
            }
        }

        public void Add(string problem)
        {
            lock (_problems)
            {
                _problems.Add(problem);
            }
        }
    }

    private sealed class ProblemsValidator<TOptions>(BindingProblems<TOptions> binding) : IValidateOptions<TOptions>
        where TOptions : class, IValidatedOptions
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var problems = binding.All.Concat(options.Problems()).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
