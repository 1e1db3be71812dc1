namespace Agentsgt.Tests.Support;

/// <summary>How <see cref="LiveKitRoomServiceStandIn"/> fails every RoomService call, to test outages.</summary>
public enum RoomServiceFault
{
    /// <summary>Answers like LiveKit.</summary>
    None,

    /// <summary>Drops the connection without an answer, as a LiveKit that cannot be reached.</summary>
    Unreachable,

    /// <summary>Answers <c>500</c> with Twirp's <c>internal</c> error.</summary>
    ServerError,

    /// <summary>Accepts the request and never answers, until the client gives up.</summary>
    Unanswered,
}
