namespace Agentsgt.Application.Common.Exceptions;

public sealed class LiveKitUnavailableException : Exception
{
    public LiveKitUnavailableException()
        : base("LiveKit's RoomService is unavailable.")
    {
    }

    public LiveKitUnavailableException(string message)
        : base(message)
    {
    }

    public LiveKitUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
