namespace Agentsgt.Domain.UnitTests;

public sealed class RoomNameTests
{
    private static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");

    [Test]
    public void FromShortName_FormatsTheContractShape()
    {
        var room = RoomName.FromShortName(AgentId, OrganizationId, "support-room-001");

        Assert.That(room.Value, Is.EqualTo(
            "agentsgt-room-550e8400-e29b-41d4-a716-446655440000-0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31-support-room-001"));
    }

    [Test]
    public void CreateRandom_UsesALowercaseAlphanumericSuffixOfAtLeast64Bits()
    {
        var room = RoomName.CreateRandom(AgentId, OrganizationId);

        Assert.That(room.Suffix, Does.Match("^[a-z0-9]{16}$"));
        Assert.That(Math.Log2(36) * room.Suffix.Length, Is.GreaterThanOrEqualTo(64));
    }

    [Test]
    public void CreateRandom_NeverRepeatsInManyDraws()
    {
        var suffixes = Enumerable.Range(0, 10_000).Select(_ => RoomName.CreateRandom(AgentId, OrganizationId).Suffix).ToHashSet();

        Assert.That(suffixes, Has.Count.EqualTo(10_000));
    }

    [TestCase("support-room-001")]
    [TestCase("a")]
    [TestCase("A_b-9")]
    public void TryParse_RoundTripsFormattedNames(string suffix)
    {
        var room = RoomName.FromShortName(AgentId, OrganizationId, suffix);

        Assert.That(RoomName.TryParse(room.Value, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(room));
        Assert.That(parsed!.AgentId, Is.EqualTo(AgentId));
        Assert.That(parsed.OrganizationId, Is.EqualTo(OrganizationId));
        Assert.That(parsed.Suffix, Is.EqualTo(suffix));
    }

    [Test]
    public void TryParse_RoundTripsRandomNames()
    {
        var room = RoomName.CreateRandom(AgentId, OrganizationId);

        Assert.That(RoomName.TryParse(room.Value, out var parsed), Is.True);
        Assert.That(parsed!.Value, Is.EqualTo(room.Value));
    }

    [TestCase("agentsgt-room-550E8400-E29B-41D4-A716-446655440000-0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31-x", TestName = "uppercase agent id")]
    [TestCase("agentsgt-room-550e8400-e29b-41d4-a716-446655440000-0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31-", TestName = "empty suffix")]
    [TestCase("agentsgt-room-550e8400-e29b-41d4-a716-446655440000-0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31-bad suffix", TestName = "space in suffix")]
    [TestCase("agentsgt-room-550e8400e29b41d4a716446655440000-0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31-x", TestName = "uuid without hyphens")]
    [TestCase("agentsgt-room-not-a-uuid", TestName = "not uuids")]
    [TestCase("room-550e8400-e29b-41d4-a716-446655440000-0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31-x", TestName = "wrong prefix")]
    [TestCase("", TestName = "empty")]
    public void TryParse_RejectsMalformedNames(string value)
    {
        Assert.That(RoomName.TryParse(value, out _), Is.False);
    }

    [Test]
    public void TryParse_RejectsASuffixLongerThan64()
    {
        var value = "agentsgt-room-550e8400-e29b-41d4-a716-446655440000-0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31-" + new string('a', 65);

        Assert.That(RoomName.TryParse(value, out _), Is.False);
    }

    [TestCase("a", true)]
    [TestCase("support-room-001", true)]
    [TestCase("UPPER_lower-09", true)]
    [TestCase("", false)]
    [TestCase("has space", false)]
    [TestCase("dot.name", false)]
    [TestCase("ñandú", false)]
    [TestCase("slash/name", false)]
    public void IsValidShortName_FollowsTheContract(string value, bool expected)
    {
        Assert.That(RoomName.IsValidShortName(value), Is.EqualTo(expected));
    }

    [Test]
    public void IsValidShortName_Accepts64AndRejects65Characters()
    {
        Assert.That(RoomName.IsValidShortName(new string('x', 64)), Is.True);
        Assert.That(RoomName.IsValidShortName(new string('x', 65)), Is.False);
    }

    [Test]
    public void FullNamesStayWithinLiveKitsRoomNameLimit()
    {
        var longest = RoomName.FromShortName(AgentId, OrganizationId, new string('x', RoomName.MaxSuffixLength));

        Assert.That(System.Text.Encoding.UTF8.GetByteCount(longest.Value), Is.LessThanOrEqualTo(256));
    }

    [Test]
    public void SameShortNameInTwoOrganizationsGivesDifferentRooms()
    {
        var first = RoomName.FromShortName(AgentId, OrganizationId, "support");
        var second = RoomName.FromShortName(AgentId, Guid.NewGuid(), "support");

        Assert.That(first.Value, Is.Not.EqualTo(second.Value));
    }
}
