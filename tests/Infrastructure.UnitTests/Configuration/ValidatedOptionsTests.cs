using Agentsgt.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agentsgt.Infrastructure.UnitTests.Configuration;

public sealed class ValidatedOptionsTests
{
    [Test]
    public void ValidateAll_NamesEveryProblemOfEveryOptionsClass_InOneException()
    {
        using var provider = Services(first: ["first a", "first b"], second: ["second"]);

        var exception = Assert.Throws<OptionsValidationException>(() => ValidatedOptions.ValidateAll(provider));

        Assert.That(exception!.Failures, Is.EquivalentTo(new[] { "first a", "first b", "second" }));
    }

    [Test]
    public void ValidateAll_ReportsASingleFailingClass_WithAllItsProblems()
    {
        using var provider = Services(first: [], second: ["second a", "second b"]);

        var exception = Assert.Throws<OptionsValidationException>(() => ValidatedOptions.ValidateAll(provider));

        Assert.That(exception!.Failures, Is.EqualTo(new[] { "second a", "second b" }));
    }

    [Test]
    public void ValidateAll_PassesWhenNoClassHasAProblem()
    {
        using var provider = Services(first: [], second: []);

        Assert.DoesNotThrow(() => ValidatedOptions.ValidateAll(provider));
    }

    private static ServiceProvider Services(string[] first, string[] second)
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<FirstOptions>().Configure(o => o.Messages = first);
        services.AddValidatedOptions<SecondOptions>().Configure(o => o.Messages = second);
        return services.BuildServiceProvider();
    }

    private sealed class FirstOptions : IValidatedOptions
    {
        public IReadOnlyList<string> Messages { get; set; } = [];

        public IEnumerable<string> Problems() => Messages;
    }

    private sealed class SecondOptions : IValidatedOptions
    {
        public IReadOnlyList<string> Messages { get; set; } = [];

        public IEnumerable<string> Problems() => Messages;
    }
}
