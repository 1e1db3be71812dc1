namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// LiveKit's RoomService, the only place the service acts on rooms: caps are enforced where the
/// media flows, not by the token. Calls that cannot reach LiveKit throw
/// <see cref="LiveKitUnavailableException"/>; a removal LiveKit answers <c>not_found</c> is done.
/// </summary>
public interface ILiveKitRoomService
{
    /// <summary>False when the LiveKit URL, API key or secret is missing: nothing can be called.</summary>
    bool IsConfigured { get; }

    Task<IReadOnlyList<LiveKitRoom>> ListRoomsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<LiveKitParticipant>> ListParticipantsAsync(string room, CancellationToken cancellationToken);

    Task DeleteRoomAsync(string room, CancellationToken cancellationToken);

    Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken);

    /// <summary>Sends a reliable data message; <paramref name="destinationIdentities"/> empty means the whole room.</summary>
    Task SendDataAsync(string room, ReadOnlyMemory<byte> data, string topic, IReadOnlyList<string> destinationIdentities, CancellationToken cancellationToken);
}
