namespace Agentsgt.Domain.Entities;

/// <summary>
/// One visitor's stay in one room, from the token that let it in until it left. Facts arrive from
/// LiveKit at least once and in any order, so every intent method only adds knowledge: the
/// earliest join, the latest end, an enforced end that nothing later overrides. A row may first be
/// written by an early webhook (<see cref="FromEvent"/>) and completed when its issue is saved.
/// </summary>
public sealed class Session
{
    public const int MaxRoomNameLength = 256;
    public const int MaxIdentityLength = 256;
    public const int MaxRoomSidLength = 64;

    /// <summary>Listings in a row a joined session may be missing from before it ends as <see cref="SessionEndReason.Reconciled"/>.</summary>
    public const int MissedListingsToEnd = 2;

    private Session()
    {
        RoomName = string.Empty;
        Identity = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public Guid AgentId { get; private set; }

    /// <summary>The key the token was issued to; null only while a webhook has seen the session before its issue was saved.</summary>
    public Guid? ApiKeyId { get; private set; }

    public string RoomName { get; private set; }

    /// <summary>A room named at random holds this one visitor: enforcement may delete the whole room.</summary>
    public bool RandomRoom { get; private set; }

    public string? RoomSid { get; private set; }

    public string Identity { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }

    public DateTimeOffset? JoinedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public SessionEndReason? EndReason { get; private set; }

    public int? MaxSessionSeconds { get; private set; }

    public int? KeyMaxConcurrentSessions { get; private set; }

    public int? OrganizationMaxConcurrentSessions { get; private set; }

    /// <summary>For a rejoin: the open session of the same room and identity this one replaces when it joins.</summary>
    public Guid? ReplacesSessionId { get; private set; }

    /// <summary>The first join of the chain of rejoins this session continues: its length counts from here.</summary>
    public DateTimeOffset? ChainJoinedAt { get; private set; }

    public DateTimeOffset? LastSeenAt { get; private set; }

    public int MissedListings { get; private set; }

    public DateTimeOffset? WarnedAt { get; private set; }

    public bool IsOpen => EndedAt is null;

    public bool IsIssued => ApiKeyId is not null;

    public SessionCaps? Caps => MaxSessionSeconds is { } seconds ? new SessionCaps(KeyMaxConcurrentSessions, OrganizationMaxConcurrentSessions, seconds) : null;

    /// <summary>When the duration cap ends it: <see cref="MaxSessionSeconds"/> after the chain's first join; null until joined.</summary>
    public DateTimeOffset? EndsAt => ChainJoinedAt is { } start && MaxSessionSeconds is { } seconds ? start.AddSeconds(seconds) : null;

    /// <summary>A token issued; a rejoin names the open session it continues and takes its chain's first join.</summary>
    public static Session Issue(
        Guid id,
        Guid organizationId,
        Guid agentId,
        Guid apiKeyId,
        string roomName,
        bool randomRoom,
        string identity,
        DateTimeOffset issuedAt,
        SessionCaps caps,
        Session? replaces = null)
    {
        ArgumentNullException.ThrowIfNull(caps);
        if (replaces is not null && (replaces.RoomName != roomName || replaces.Identity != identity))
        {
            throw new ArgumentException("A rejoin continues a session of the same room and identity.", nameof(replaces));
        }

        return new Session
        {
            Id = id,
            OrganizationId = organizationId,
            AgentId = agentId,
            ApiKeyId = apiKeyId,
            RoomName = RequireText(roomName, MaxRoomNameLength, nameof(roomName)),
            RandomRoom = randomRoom,
            Identity = RequireText(identity, MaxIdentityLength, nameof(identity)),
            IssuedAt = issuedAt,
            MaxSessionSeconds = caps.MaxSessionSeconds,
            KeyMaxConcurrentSessions = caps.KeyMaxConcurrentSessions,
            OrganizationMaxConcurrentSessions = caps.OrganizationMaxConcurrentSessions,
            ReplacesSessionId = replaces?.Id,
            ChainJoinedAt = replaces?.ChainJoinedAt ?? replaces?.JoinedAt,
        };
    }

    /// <summary>A session an event names before its issue was saved (written behind), dated at the event until then.</summary>
    public static Session FromEvent(Guid id, Guid organizationId, Guid agentId, string roomName, string identity, DateTimeOffset at) => new()
    {
        Id = id,
        OrganizationId = organizationId,
        AgentId = agentId,
        RoomName = RequireText(roomName, MaxRoomNameLength, nameof(roomName)),
        Identity = RequireText(identity, MaxIdentityLength, nameof(identity)),
        IssuedAt = at,
    };

    public DateTimeOffset Clamp(DateTimeOffset eventTime, DateTimeOffset receivedAt)
    {
        if (eventTime > receivedAt)
        {
            eventTime = receivedAt;
        }

        return eventTime < IssuedAt ? IssuedAt : eventTime;
    }

    /// <summary>The earliest join wins; an ended session keeps its end and says what the join calls for.</summary>
    public SessionJoin Join(DateTimeOffset at, string? roomSid)
    {
        RoomSid ??= roomSid is { Length: > 0 and <= MaxRoomSidLength } ? roomSid : null;
        var firstJoin = JoinedAt is null;
        if (JoinedAt is null || at < JoinedAt)
        {
            JoinedAt = at;
        }

        if (ChainJoinedAt is null || JoinedAt < ChainJoinedAt)
        {
            ChainJoinedAt = JoinedAt;
        }

        See(at);
        if (EndedAt is null)
        {
            return firstJoin ? SessionJoin.Joined : SessionJoin.AlreadyJoined;
        }

        return EndReason switch
        {
            { } reason when reason.IsEnforcement() => SessionJoin.RemoveNow,
            SessionEndReason.NeverJoined => SessionJoin.ReopenIfCapsAllow,
            _ when at > EndedAt => SessionJoin.ReopenIfCapsAllow,
            _ => SessionJoin.AlreadyEnded,
        };
    }

    /// <summary>A rejoin's first join: the session it replaces ends, and its chain start becomes this one's.</summary>
    public void Continue(Session replaced, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        if (replaced.Id != ReplacesSessionId)
        {
            throw new ArgumentException("Not the session this one replaces.", nameof(replaced));
        }

        var start = replaced.ChainJoinedAt ?? replaced.JoinedAt;
        if (start is not null && (ChainJoinedAt is null || start < ChainJoinedAt))
        {
            ChainJoinedAt = start;
        }

        replaced.End(SessionEndReason.Left, at);
    }

    /// <summary>A join after an end that frees a slot (<see cref="SessionJoin.ReopenIfCapsAllow"/>), with a free slot: open again.</summary>
    public void Reopen()
    {
        if (EndReason is { } reason && reason.IsEnforcement())
        {
            throw new InvalidOperationException("A session ended by a cap stays ended.");
        }

        EndedAt = null;
        EndReason = null;
        MissedListings = 0;
    }

    /// <summary>
    /// False when nothing changed. An enforced end is final; of two natural ends the earlier wins, in
    /// whatever order they arrive; <see cref="SessionEndReason.NeverJoined"/> gives way to any later end.
    /// </summary>
    public bool End(SessionEndReason reason, DateTimeOffset at)
    {
        var replaces = EndedAt is null
            || (!EndReason!.Value.IsEnforcement() && !reason.IsEnforcement()
                && (at < EndedAt || (EndReason == SessionEndReason.NeverJoined && reason != SessionEndReason.NeverJoined)));
        if (!replaces)
        {
            return false;
        }

        EndedAt = at;
        EndReason = reason;
        return true;
    }

    public void See(DateTimeOffset at)
    {
        if (LastSeenAt is null || at > LastSeenAt)
        {
            LastSeenAt = at;
        }

        MissedListings = 0;
    }

    /// <summary>Missing from a listing; <see cref="MissedListingsToEnd"/> in a row end it as reconciled, dated when last seen.</summary>
    public bool Miss()
    {
        if (EndedAt is not null || JoinedAt is null)
        {
            return false;
        }

        MissedListings++;
        return MissedListings >= MissedListingsToEnd && End(SessionEndReason.Reconciled, LastSeenAt ?? JoinedAt.Value);
    }

    public void Warn(DateTimeOffset at) => WarnedAt ??= at;

    /// <summary>Length in whole seconds, rounded up: ended (or <paramref name="now"/>) minus joined; 0 if it never joined.</summary>
    public long Seconds(DateTimeOffset now)
    {
        if (JoinedAt is not { } joined)
        {
            return 0;
        }

        var ticks = Math.Max(0, ((EndedAt ?? now) - joined).Ticks);
        return (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
    }

    private static string RequireText(string text, int maxLength, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(text, paramName);
        return text.Length <= maxLength ? text : throw new ArgumentException($"At most {maxLength} characters.", paramName);
    }
}
