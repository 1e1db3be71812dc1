namespace Agentsgt.Application.Common.Interfaces;

public sealed record ResumeTokenReading(VisitorSession? Session, bool Expired)
{
    public static readonly ResumeTokenReading Invalid = new(null, false);

    public static readonly ResumeTokenReading TooOld = new(null, true);
}
