namespace Agentsgt.Api.Requests;

/// <summary>
/// LiveKit's <c>WebhookEvent</c> as protojson (lowerCamelCase, int64 as strings), reduced to what
/// the ledger reads; every other field is ignored.
/// </summary>
public sealed record LiveKitWebhookEvent
{
    /// <summary>The event type, e.g. <c>participant_joined</c>.</summary>
    public string? Event { get; init; }

    /// <summary>Unique per event; redeliveries repeat it.</summary>
    public string? Id { get; init; }

    /// <summary>Unix seconds when LiveKit created the event (an int64, sent as a string).</summary>
    public long? CreatedAt { get; init; }

    public LiveKitWebhookRoom? Room { get; init; }

    public LiveKitWebhookParticipant? Participant { get; init; }
}
