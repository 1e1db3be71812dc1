namespace Agentsgt.Application.Sessions.Commands.RemoveSessionParticipant;

/// <summary>Removes a visitor from its room through LiveKit's RoomService (its session already records why).</summary>
public sealed record RemoveSessionParticipantCommand(string RoomName, string Identity) : IRequest<bool>;
