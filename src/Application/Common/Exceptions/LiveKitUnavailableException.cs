namespace Agentsgt.Application.Common.Exceptions;

/// <summary>LiveKit's RoomService could not be reached or answered an error other than <c>not_found</c>, after the client's bounded retries.</summary>
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
