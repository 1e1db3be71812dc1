using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Domain.UnitTests;

public sealed class SessionTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    private static Session NewSession(Session? replaces = null) =>
        Session.Issue(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "room", randomRoom: true, "visitor", Issued, new SessionCaps(null, 10, 600), replaces);

    [Test]
    public void Join_RecordsTheEarliestJoin_WhateverTheOrder()
    {
        var session = NewSession();

        Assert.That(session.Join(Issued.AddSeconds(5), "RM_1"), Is.EqualTo(SessionJoin.Joined));
        Assert.That(session.Join(Issued.AddSeconds(2), "RM_2"), Is.EqualTo(SessionJoin.AlreadyJoined));

        Assert.That(session.JoinedAt, Is.EqualTo(Issued.AddSeconds(2)));
        Assert.That(session.ChainJoinedAt, Is.EqualTo(Issued.AddSeconds(2)));
        Assert.That(session.RoomSid, Is.EqualTo("RM_1"));
        Assert.That(session.EndsAt, Is.EqualTo(Issued.AddSeconds(602)));
    }

    [Test]
    public void LeftBeforeJoin_GivesTheSameLedgerAsJoinBeforeLeft()
    {
        var ordered = NewSession();
        ordered.Join(Issued.AddSeconds(1), null);
        ordered.End(SessionEndReason.Left, Issued.AddSeconds(30));
        var shuffled = NewSession();
        shuffled.End(SessionEndReason.Left, Issued.AddSeconds(30));

        Assert.That(shuffled.Join(Issued.AddSeconds(1), null), Is.EqualTo(SessionJoin.AlreadyEnded));

        Assert.That((shuffled.JoinedAt, shuffled.EndedAt, shuffled.EndReason), Is.EqualTo((ordered.JoinedAt, ordered.EndedAt, ordered.EndReason)));
        Assert.That(shuffled.Seconds(Issued.AddDays(1)), Is.EqualTo(29));
    }

    [Test]
    public void AnEnforcedEnd_WinsOverTheLeftThatFollows_AndARejoinIsRemoved()
    {
        var session = NewSession();
        session.Join(Issued, null);

        Assert.That(session.End(SessionEndReason.DurationCap, Issued.AddSeconds(600)), Is.True);
        Assert.That(session.End(SessionEndReason.Left, Issued.AddSeconds(601)), Is.False);

        Assert.That(session.EndReason, Is.EqualTo(SessionEndReason.DurationCap));
        Assert.That(session.Join(Issued.AddSeconds(700), null), Is.EqualTo(SessionJoin.RemoveNow));
        Assert.That(session.IsOpen, Is.False);
    }

    [Test]
    public void ALateJoinOfANeverJoinedSession_MayReopenIt()
    {
        var session = NewSession();
        session.End(SessionEndReason.NeverJoined, Issued.AddSeconds(60));

        Assert.That(session.Join(Issued.AddSeconds(90), null), Is.EqualTo(SessionJoin.ReopenIfCapsAllow));
        session.Reopen();

        Assert.That(session.IsOpen, Is.True);
        Assert.That(session.JoinedAt, Is.EqualTo(Issued.AddSeconds(90)));
    }

    [Test]
    public void ARejoin_CountsFromTheFirstJoinOfTheChain_AndEndsTheSessionItReplaces()
    {
        var first = NewSession();
        first.Join(Issued.AddSeconds(3), null);
        var rejoin = NewSession(first);

        rejoin.Join(Issued.AddSeconds(100), null);
        rejoin.Continue(first, Issued.AddSeconds(100));

        Assert.That(rejoin.ChainJoinedAt, Is.EqualTo(Issued.AddSeconds(3)));
        Assert.That(rejoin.EndsAt, Is.EqualTo(Issued.AddSeconds(603)));
        Assert.That(first.EndReason, Is.EqualTo(SessionEndReason.Left));
    }

    [Test]
    public void MissingFromTwoListingsInARow_EndsAJoinedSessionAsReconciled_DatedWhenLastSeen()
    {
        var session = NewSession();
        session.Join(Issued, null);
        session.See(Issued.AddSeconds(60));

        Assert.That(session.Miss(), Is.False);
        Assert.That(session.Miss(), Is.True);

        Assert.That(session.EndReason, Is.EqualTo(SessionEndReason.Reconciled));
        Assert.That(session.EndedAt, Is.EqualTo(Issued.AddSeconds(60)));
    }

    [Test]
    public void Clamp_KeepsAnEventTimeWithinIssuedAndReceived()
    {
        var session = NewSession();

        Assert.That(session.Clamp(Issued.AddSeconds(-5), Issued.AddSeconds(10)), Is.EqualTo(Issued));
        Assert.That(session.Clamp(Issued.AddSeconds(50), Issued.AddSeconds(10)), Is.EqualTo(Issued.AddSeconds(10)));
    }

    [Test]
    public void Seconds_AreRoundedUp_AndZeroWhenNeverJoined()
    {
        var session = NewSession();
        Assert.That(session.Seconds(Issued.AddHours(1)), Is.Zero);

        session.Join(Issued, null);

        Assert.That(session.Seconds(Issued.AddMilliseconds(1500)), Is.EqualTo(2));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Caps_BelowOne_AreRefused(int cap)
    {
        var organization = new Organization(Guid.NewGuid(), "O", Issued);

        Assert.That(() => organization.SetMaxConcurrentSessions(cap), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new SessionCaps(cap, null, 60), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Resolve_TakesTheKeysLength_ElseTheOrganizations_ElseTheDefault_AndBothConcurrencyCaps()
    {
        Assert.That(SessionCaps.Resolve(2, 30, 5, 60, null, 3600), Is.EqualTo(new SessionCaps(2, 5, 30)));
        Assert.That(SessionCaps.Resolve(null, null, null, 60, 7, 3600), Is.EqualTo(new SessionCaps(null, 7, 60)));
        Assert.That(SessionCaps.Resolve(null, null, null, null, null, 3600).LimitsConcurrency, Is.False);
    }
}
