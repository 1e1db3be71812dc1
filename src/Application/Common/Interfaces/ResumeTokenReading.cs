namespace Agentsgt.Application.Common.Interfaces;

/// <summary>A resume token's reading: its session when valid; <see cref="Expired"/> when it was ours but is too old.</summary>
public sealed record ResumeTokenReading(VisitorSession? Session, bool Expired)
{
    public static readonly ResumeTokenReading Invalid = new(null, false);

    public static readonly ResumeTokenReading TooOld = new(null, true);
}
