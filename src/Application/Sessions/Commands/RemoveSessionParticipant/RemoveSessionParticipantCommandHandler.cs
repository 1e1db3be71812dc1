namespace Agentsgt.Application.Sessions.Commands.RemoveSessionParticipant;

/// <summary>
/// One <c>RemoveParticipant</c> call. LiveKit unreachable is not an error of the caller: false, and
/// the session's recorded end lets enforcement and the next join remove it again.
/// </summary>
public sealed class RemoveSessionParticipantCommandHandler(ILiveKitRoomService rooms) : IRequestHandler<RemoveSessionParticipantCommand, bool>
{
    public async Task<bool> Handle(RemoveSessionParticipantCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!rooms.IsConfigured)
        {
            return false;
        }

        try
        {
            await rooms.RemoveParticipantAsync(request.RoomName, request.Identity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (LiveKitUnavailableException)
        {
            return false;
        }
    }
}
