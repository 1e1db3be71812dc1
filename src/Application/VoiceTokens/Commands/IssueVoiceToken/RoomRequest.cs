namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

public sealed record RoomRequest
{
    private RoomRequest(RoomRequestKind kind, string? text, RoomName? fullName)
    {
        Kind = kind;
        Text = text;
        FullName = fullName;
    }

    public static RoomRequest Random { get; } = new(RoomRequestKind.Random, null, null);

    public RoomRequestKind Kind { get; }

    public string? Text { get; }

    public RoomName? FullName { get; }

    public static RoomRequest Parse(string? text) =>
        TextRules.TrimOptional(text) switch
        {
            null => Random,
            var full when RoomName.HasPrefix(full) => new(RoomRequestKind.Full, full, RoomName.TryParse(full, out var parsed) ? parsed : null),
            var shortName => new(RoomRequestKind.Short, shortName, null),
        };

    public RoomName Resolve(Guid agentId, Guid organizationId) => Kind switch
    {
        RoomRequestKind.Full => FullName ?? throw new InvalidOperationException("A full room name that does not parse passed validation."),
        RoomRequestKind.Short => RoomName.FromShortName(agentId, organizationId, Text!),
        _ => RoomName.CreateRandom(agentId, organizationId),
    };
}
