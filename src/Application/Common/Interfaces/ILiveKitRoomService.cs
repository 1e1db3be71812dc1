namespace Agentsgt.Application.Common.Interfaces;

// Caps are enforced where the media flows, through LiveKit's RoomService, not by the token.
public interface ILiveKitRoomService
{
    bool IsConfigured { get; }

    Task<IReadOnlyList<LiveKitRoom>> ListRoomsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<LiveKitParticipant>> ListParticipantsAsync(string room, CancellationToken cancellationToken);

    Task DeleteRoomAsync(string room, CancellationToken cancellationToken);

    Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken);

    Task SendDataAsync(string room, ReadOnlyMemory<byte> data, string topic, IReadOnlyList<string> destinationIdentities, CancellationToken cancellationToken);
}
