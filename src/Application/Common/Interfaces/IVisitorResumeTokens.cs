namespace Agentsgt.Application.Common.Interfaces;

public interface IVisitorResumeTokens
{
    string Issue(VisitorSession session, DateTimeOffset issuedAt, DateTimeOffset expiresAt);

    Task<ResumeTokenReading> ReadAsync(string resumeToken, DateTimeOffset now);
}
