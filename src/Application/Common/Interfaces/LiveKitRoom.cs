namespace Agentsgt.Application.Common.Interfaces;

public sealed record LiveKitRoom(string Name, string Sid, int NumParticipants);
