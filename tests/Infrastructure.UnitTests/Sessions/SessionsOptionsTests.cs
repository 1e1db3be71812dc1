using Agentsgt.Infrastructure.Configuration;
using Agentsgt.Infrastructure.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agentsgt.Infrastructure.UnitTests.Sessions;

public sealed class SessionsOptionsTests
{
    private static SessionsOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<SessionsOptions>().BindSection(configuration.GetSection(SessionsOptions.SectionName));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SessionsOptions>>().Value;
    }

    [Test]
    public void Defaults_AreTheContracts()
    {
        var options = Bind([]);

        Assert.That(
            (options.JoinWindowSeconds, options.ReconcileSeconds, options.WarningLeadSeconds, options.DefaultMaxSessionSeconds, options.DefaultMaxConcurrentSessions,
                options.DepartureTimeoutSeconds, options.RetryAfterSeconds, options.RetentionDays),
            Is.EqualTo((60, 60, 60, 3600, (int?)null, 10, 5, 400)));
        Assert.That(options.Problems(), Is.Empty);
    }

    [Test]
    public void AnEmptyDefaultConcurrencyCap_MeansUnlimited_AndANumberSetsIt()
    {
        Assert.That(Bind(new() { ["Sessions:DefaultMaxConcurrentSessions"] = "" }).DefaultMaxConcurrentSessions, Is.Null);
        Assert.That(Bind(new() { ["Sessions:DefaultMaxConcurrentSessions"] = "25" }).DefaultMaxConcurrentSessions, Is.EqualTo(25));
    }

    [Test]
    public void EveryBoundIsNamed()
    {
        var options = new SessionsOptions
        {
            JoinWindowSeconds = 0,
            ReconcileSeconds = 0,
            WarningLeadSeconds = -1,
            DefaultMaxSessionSeconds = 0,
            DefaultMaxConcurrentSessions = 0,
            DepartureTimeoutSeconds = -1,
            RetryAfterSeconds = 0,
            RetentionDays = 1,
        };

        Assert.That(options.Problems().Select(p => p.Split(' ')[0]), Is.EquivalentTo(new[]
        {
            "Sessions:JoinWindowSeconds", "Sessions:ReconcileSeconds", "Sessions:WarningLeadSeconds", "Sessions:DefaultMaxSessionSeconds",
            "Sessions:DefaultMaxConcurrentSessions", "Sessions:DepartureTimeoutSeconds", "Sessions:RetryAfterSeconds", "Sessions:RetentionDays",
        }));
    }
}
