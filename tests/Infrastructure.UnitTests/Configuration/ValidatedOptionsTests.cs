using Agentsgt.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
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

    [Test]
    public void BindSection_ReportsAValueOfTheWrongType_AsAProblemNamingTheSetting_NotAsAnException()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Limits:Count"] = "ten", ["Limits:Enabled"] = "yes" })
            .Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<BoundOptions>().BindSection(configuration.GetSection("Limits"));
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => ValidatedOptions.ValidateAll(provider));

        // Every bad value, then the class's own problems (Count kept its default).
        Assert.That(exception!.Failures, Is.EqualTo(new[] { "Limits:Count must be a whole number.", "Limits:Enabled must be true or false.", "Count must be positive." }));
        Assert.That(string.Join(" ", exception.Failures), Does.Not.Contain("ten").And.Not.Contain("yes"));
    }

    [Test]
    public void BindSection_BindsGoodValues()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Limits:Count"] = "7", ["Limits:Enabled"] = "true" })
            .Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<BoundOptions>().BindSection(configuration.GetSection("Limits"));
        using var provider = services.BuildServiceProvider();

        ValidatedOptions.ValidateAll(provider);

        Assert.That(provider.GetRequiredService<IOptions<BoundOptions>>().Value, Has.Property(nameof(BoundOptions.Count)).EqualTo(7).And.Property(nameof(BoundOptions.Enabled)).True);
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

    private sealed class BoundOptions : IValidatedOptions
    {
        public int Count { get; set; }

        public bool Enabled { get; set; }

        public IEnumerable<string> Problems() => Count > 0 ? [] : ["Count must be positive."];
    }
}
