namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// Resume tokens: opaque, signed, short-lived values given to a publishable-key caller with its
/// token, so that visitor (and no one else) can rejoin its own room as itself after a page reload.
/// Every instance signs and checks them with keys derived from shared configuration.
/// </summary>
public interface IVisitorResumeTokens
{
    /// <summary>A resume token for <paramref name="session"/>, valid from <paramref name="issuedAt"/> until <paramref name="expiresAt"/>.</summary>
    string Issue(VisitorSession session, DateTimeOffset issuedAt, DateTimeOffset expiresAt);

    /// <summary>The session a resume token was issued for, if its signature holds and it has not expired at <paramref name="now"/>.</summary>
    Task<ResumeTokenReading> ReadAsync(string resumeToken, DateTimeOffset now);
}
