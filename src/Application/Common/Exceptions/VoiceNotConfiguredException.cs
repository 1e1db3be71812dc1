namespace Agentsgt.Application.Common.Exceptions;

public sealed class VoiceNotConfiguredException : Exception
{
    public VoiceNotConfiguredException()
        : base("LiveKit is not configured.")
    {
    }

    public VoiceNotConfiguredException(string message)
        : base(message)
    {
    }

    public VoiceNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
