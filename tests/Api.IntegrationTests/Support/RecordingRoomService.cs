using System.Collections.Concurrent;
using Agentsgt.Application.Common.Interfaces;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>Stands in for LiveKit's RoomService inside the test host: records every removal asked for.</summary>
public sealed class RecordingRoomService : ILiveKitRoomService
{
    public ConcurrentQueue<(string Room, string Identity)> Removed { get; } = new();

    public bool IsConfigured => true;

    public Task<IReadOnlyList<LiveKitRoom>> ListRoomsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LiveKitRoom>>([]);

    public Task<IReadOnlyList<LiveKitParticipant>> ListParticipantsAsync(string room, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LiveKitParticipant>>([]);

    public Task DeleteRoomAsync(string room, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken)
    {
        Removed.Enqueue((room, identity));
        return Task.CompletedTask;
    }

    public Task SendDataAsync(string room, ReadOnlyMemory<byte> data, string topic, IReadOnlyList<string> destinationIdentities, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
