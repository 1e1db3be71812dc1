using Agentsgt.Api.Cli;

namespace Agentsgt.Api.UnitTests.Cli;

/// <summary>The --expires-in syntax (no database).</summary>
public sealed class ExpiryDurationTests
{
    [TestCase("90d", 90 * 24 * 60)]
    [TestCase("1d", 24 * 60)]
    [TestCase("12h", 12 * 60)]
    [TestCase("30m", 30)]
    [TestCase("3650d", 3650 * 24 * 60)]
    [TestCase("87600h", 3650 * 24 * 60)]
    [TestCase("5256000m", 3650 * 24 * 60)]
    [TestCase("007d", 7 * 24 * 60)]
    public void ParsesDaysHoursAndMinutes(string text, int minutes)
    {
        Assert.That(ExpiryDuration.TryParse(text, out var duration, out var problem), Is.True, problem);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromMinutes(minutes)));
    }

    [TestCase("90", "is not a duration")]
    [TestCase("d", "is not a duration")]
    [TestCase("", "is not a duration")]
    [TestCase(null, "is not a duration")]
    [TestCase("90D", "is not a duration")]
    [TestCase("3M", "is not a duration")]
    [TestCase("1w", "is not a duration")]
    [TestCase("1.5d", "is not a duration")]
    [TestCase(" 9d", "is not a duration")]
    [TestCase("9d ", "is not a duration")]
    [TestCase("٣d", "is not a duration")]
    [TestCase("0d", "is not a positive duration")]
    [TestCase("0m", "is not a positive duration")]
    [TestCase("-1d", "is not a positive duration")]
    [TestCase("3651d", "is too long: at most 3650d")]
    [TestCase("87601h", "is too long")]
    [TestCase("5256001m", "is too long")]
    [TestCase("99999999999999999999999999d", "is too long")]
    public void RejectsAnythingElse(string? text, string problem)
    {
        Assert.That(ExpiryDuration.TryParse(text, out _, out var actual), Is.False);
        Assert.That(actual, Does.Contain(problem));
    }
}
