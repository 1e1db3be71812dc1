using Agentsgt.Application.Sessions;

namespace Agentsgt.Application.UnitTests.Sessions;

public sealed class UsageQueryValuesTests
{
    [TestCase("2026-12-01T00:00:00Z", "2026-12-01T00:00:00.0000000+00:00")]
    [TestCase("2026-12-01t10:20:30z", "2026-12-01T10:20:30.0000000+00:00")]
    [TestCase("2026-12-01T10:20:30.1234567Z", "2026-12-01T10:20:30.1234567+00:00")]
    [TestCase("2026-12-01T02:00:00+02:00", "2026-12-01T00:00:00.0000000+00:00")]
    [TestCase("2026-12-01T02:00:00 02:00", "2026-12-01T00:00:00.0000000+00:00")]
    [TestCase("2026-11-30T22:00:00-02:00", "2026-12-01T00:00:00.0000000+00:00")]
    [TestCase("2026-12-01 10:00:00Z", "2026-12-01T10:00:00.0000000+00:00")]
    [TestCase("2026-12-01", "2026-12-01T00:00:00.0000000+00:00")]
    [TestCase(" 2026-12-01 ", "2026-12-01T00:00:00.0000000+00:00")]
    public void ReadsRfc3339TimesAndDates_AsUtc(string text, string expected)
    {
        Assert.That(UsageQueryValues.TryParseTime(text, out var time), Is.True);
        Assert.That(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
    }

    [TestCase("2026-12-01T00:00:00")]
    [TestCase("2026-12-01T00:00Z")]
    [TestCase("2026-02-30")]
    [TestCase("2026-12-01T24:00:00Z")]
    [TestCase("2026-12-01T00:00:00.12345678Z")]
    [TestCase("1700000000")]
    [TestCase("yesterday")]
    [TestCase("12/01/2026")]
    [TestCase("0001-01-01T00:00:00+01:00")]
    [TestCase("")]
    [TestCase(null)]
    public void RefusesAnythingElse(string? text) => Assert.That(UsageQueryValues.TryParseTime(text, out _), Is.False);

    [TestCase(null, true, 50)]
    [TestCase("", true, 50)]
    [TestCase("1", true, 1)]
    [TestCase("100", true, 100)]
    [TestCase("0", false, 0)]
    [TestCase("101", false, 101)]
    [TestCase("+5", false, 0)]
    [TestCase("5.0", false, 0)]
    [TestCase("99999999999", false, 0)]
    public void Limit_IsAWholeNumberFrom1To100_Default50(string? text, bool valid, int expected)
    {
        Assert.That(UsageQueryValues.TryParseLimit(text, out var limit), Is.EqualTo(valid));
        if (valid)
        {
            Assert.That(limit, Is.EqualTo(expected));
        }
    }

    [TestCase(null, SessionUsageGrouping.Day)]
    [TestCase("day", SessionUsageGrouping.Day)]
    [TestCase("agent", SessionUsageGrouping.Agent)]
    [TestCase("key", SessionUsageGrouping.Key)]
    public void GroupBy_IsAgentKeyOrDay_DefaultDay(string? text, SessionUsageGrouping expected)
    {
        Assert.That(UsageQueryValues.TryParseGrouping(text, out var grouping), Is.True);
        Assert.That(grouping, Is.EqualTo(expected));
    }

    [TestCase("Day")]
    [TestCase("week")]
    [TestCase("agents")]
    public void GroupBy_RefusesOtherWords(string text) => Assert.That(UsageQueryValues.TryParseGrouping(text, out _), Is.False);

    [Test]
    public void ARange_MustEndAfterItStarts_WhenBothAreGiven()
    {
        Assert.That(UsageQueryValues.IsAfterFrom("2026-12-01", "2026-12-02"), Is.True);
        Assert.That(UsageQueryValues.IsAfterFrom("2026-12-01", "2026-12-01"), Is.False);
        Assert.That(UsageQueryValues.IsAfterFrom("2026-12-02", "2026-12-01T23:59:59Z"), Is.False);
        Assert.That(UsageQueryValues.IsAfterFrom(null, "2026-12-01"), Is.True);
        Assert.That(UsageQueryValues.IsAfterFrom("bad", "2026-12-01"), Is.True, "the bad value reports itself");
    }
}
