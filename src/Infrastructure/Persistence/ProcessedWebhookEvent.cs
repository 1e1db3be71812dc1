namespace Agentsgt.Infrastructure.Persistence;

/// <summary>A LiveKit webhook event already applied: its id is recorded with its effect, so a redelivery changes nothing.</summary>
public sealed class ProcessedWebhookEvent
{
    public const int MaxIdLength = 128;

    public ProcessedWebhookEvent(string id, DateTimeOffset receivedAt)
    {
        Id = id;
        ReceivedAt = receivedAt;
    }

    public string Id { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }
}
