namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

/// <summary>The room a token request asks for, read once from the text sent.</summary>
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

    /// <summary>The trimmed text sent; null for <see cref="RoomRequestKind.Random"/>.</summary>
    public string? Text { get; }

    /// <summary>For <see cref="RoomRequestKind.Full"/>: the parsed name; null when the text has the prefix but is no room name.</summary>
    public RoomName? FullName { get; }

    public static RoomRequest Parse(string? text) =>
        TextRules.TrimOptional(text) switch
        {
            null => Random,
            var full when RoomName.HasPrefix(full) => new(RoomRequestKind.Full, full, RoomName.TryParse(full, out var parsed) ? parsed : null),
            var shortName => new(RoomRequestKind.Short, shortName, null),
        };

    /// <summary>The room to issue, once the validator accepted this request.</summary>
    public RoomName Resolve(Guid agentId, Guid organizationId) => Kind switch
    {
        RoomRequestKind.Full => FullName ?? throw new InvalidOperationException("A full room name that does not parse passed validation."),
        RoomRequestKind.Short => RoomName.FromShortName(agentId, organizationId, Text!),
        _ => RoomName.CreateRandom(agentId, organizationId),
    };
}
