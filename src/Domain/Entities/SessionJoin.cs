namespace Agentsgt.Domain.Entities;

/// <summary>What a join means for the session it names (<see cref="Session.Join"/>).</summary>
public enum SessionJoin
{
    /// <summary>Its first join: it now counts toward usage and its duration cap runs.</summary>
    Joined,

    /// <summary>Already known to have joined: nothing more to do.</summary>
    AlreadyJoined,

    /// <summary>A join that happened before the session's recorded end: only its time counted.</summary>
    AlreadyEnded,

    /// <summary>Ended by a cap: the participant is removed at once.</summary>
    RemoveNow,

    /// <summary>Ended without holding a slot (never joined, or left earlier): it may reopen if its caps allow, else it is removed as over the cap.</summary>
    ReopenIfCapsAllow,
}
