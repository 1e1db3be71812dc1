using Agentsgt.Application.ApiKeys.Authentication;

namespace Agentsgt.Application.VoiceTokens.Commands.IssueVoiceToken;

// Both token endpoints map their bodies onto this one command. Texts are trimmed here, once, so validator
// and handler see the same values.
public sealed record IssueVoiceTokenCommand : IRequest<IssuedVoiceToken>
{
    public const int DefaultTtlSeconds = 3600;
    public const int MinTtlSeconds = 60;
    public const int MaxTtlSeconds = 3600;

    public IssueVoiceTokenCommand(AuthenticatedCaller caller, RequestedAgent agent, string? room, string? identity, string? displayName)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agent);
        Caller = caller;
        Agent = agent;

        // A publishable key is public, so its caller never chooses a room or an identity: both read
        // as omitted, whatever was sent (ignored, not validated).
        var choosesRoomAndIdentity = caller.Kind != ApiKeyKind.Publishable;
        Room = choosesRoomAndIdentity ? RoomRequest.Parse(room) : RoomRequest.Random;
        Identity = choosesRoomAndIdentity ? TextRules.TrimOptional(identity) : null;
        DisplayName = TextRules.TrimOptional(displayName);
    }

    public AuthenticatedCaller Caller { get; }

    public RequestedAgent Agent { get; }

    public Guid OrganizationId => Caller.OrganizationId;

    public Guid? PublishableKeyId => Caller.Kind == ApiKeyKind.Publishable ? Caller.ApiKeyId : null;

    public RoomRequest Room { get; }

    public string? Identity { get; }

    public string? ResumeToken
    {
        get => PublishableKeyId is null ? null : field;
        init => field = TextRules.TrimOptional(value);
    }

    public string? DisplayName { get; }

    // Not trimmed: it is the client's data.
    public string? Metadata
    {
        get;
        init => field = string.IsNullOrEmpty(value) ? null : value;
    }

    // A JSON null value still arrives as null despite the declared type: the validator rejects it.
    public IReadOnlyDictionary<string, string>? Attributes
    {
        get;
        init => field = value is { Count: > 0 } ? value : null;
    }

    public int? TtlSeconds { get; init; }

    public RoomConfigRequest? RoomConfig
    {
        get;
        init => field = value is null || value.IsEmpty ? null : value;
    }

    public string? RequestedAgentName => RoomConfig?.Agents is [{ AgentName: { } name }] ? name : null;

    public string? RequestedAgentMetadata => RoomConfig?.Agents is [{ Metadata: { } metadata }] ? metadata : null;

    public IEnumerable<string> RefusedRoomConfigFields =>
        RoomConfig is not { } config
            ? []
            : config.OtherFields.Select(name => $"[{name}]").Concat(config.Agents.Count > 1
                ? []
                : config.Agents.SelectMany((dispatch, i) => dispatch?.OtherFields.Select(name => $".Agents[{i}][{name}]") ?? []));

    public TimeSpan Lifetime => TimeSpan.FromSeconds(TtlSeconds ?? DefaultTtlSeconds);
}
