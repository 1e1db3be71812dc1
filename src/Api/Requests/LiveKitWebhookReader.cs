using Agentsgt.Application.Sessions.Commands.RecordLiveKitEvent;

namespace Agentsgt.Api.Requests;

/// <summary>Reads a verified webhook body into the ledger's command; null when it is not a readable event.</summary>
public static class LiveKitWebhookReader
{
    public const int MaxIdLength = 128;

    // protojson: lowerCamelCase names, int64 as strings, unknown fields ignored (the web defaults do all three).
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static RecordLiveKitEventCommand? Read(ReadOnlySpan<byte> body, DateTimeOffset receivedAt)
    {
        LiveKitWebhookEvent? read;
        try
        {
            read = JsonSerializer.Deserialize<LiveKitWebhookEvent>(body, Options);
        }
        catch (JsonException)
        {
            return null;
        }

        if (read is not { Id: { Length: > 0 and <= MaxIdLength } id, Event: { Length: > 0 } type })
        {
            return null;
        }

        var kind = type switch
        {
            "participant_joined" => LiveKitEventKind.ParticipantJoined,
            "participant_left" or "participant_connection_aborted" => LiveKitEventKind.ParticipantLeft,
            "room_finished" => LiveKitEventKind.RoomFinished,
            _ => LiveKitEventKind.Other,
        };
        DateTimeOffset? occurredAt = read.CreatedAt is { } seconds and > 0 and < 253_402_300_800 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        return new RecordLiveKitEventCommand(id, kind, occurredAt, receivedAt)
        {
            RoomName = read.Room?.Name,
            RoomSid = read.Room?.Sid is { Length: > 0 } sid ? sid : null,
            Participant = Participant(read.Participant),
        };
    }

    /// <summary>Only a participant our token let in is a session: it carries <c>agentsgt.sessionId</c>.</summary>
    private static LiveKitEventParticipant? Participant(LiveKitWebhookParticipant? participant)
    {
        if (participant is not { Identity: { Length: > 0 } identity, Attributes: { } attributes }
            || !attributes.TryGetValue(LiveKitTokenSigner.SessionIdAttribute, out var sessionText)
            || !Guid.TryParseExact(sessionText, "D", out var sessionId))
        {
            return null;
        }

        return new LiveKitEventParticipant(identity, sessionId, IdAttribute(attributes, LiveKitTokenSigner.OrganizationIdAttribute), IdAttribute(attributes, LiveKitTokenSigner.AgentIdAttribute));
    }

    private static Guid? IdAttribute(IReadOnlyDictionary<string, string> attributes, string key) =>
        attributes.TryGetValue(key, out var text) && Guid.TryParseExact(text, "D", out var id) ? id : null;
}
