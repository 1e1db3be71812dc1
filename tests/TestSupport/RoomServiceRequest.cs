using System.Text.Json;

namespace Agentsgt.Tests.Support;

/// <summary>
/// One request <see cref="LiveKitRoomServiceStandIn"/> received, as sent: the Twirp method, the
/// path, the raw JSON body, and the JWT's claims when its signature and issuer verified (else
/// null). <see cref="StatusCode"/> is what the stand-in answered (0: the connection was dropped).
/// </summary>
public sealed record RoomServiceRequest(
    string Method,
    string Path,
    string Body,
    string? Authorization,
    JsonElement? Claims,
    int StatusCode,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The body parsed (throws if it is not JSON).</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The <c>video</c> grant's members as name → raw JSON value; empty without verified claims.</summary>
    public IReadOnlyDictionary<string, string> VideoGrant =>
        Claims is { } claims && claims.TryGetProperty("video", out var video) && video.ValueKind == JsonValueKind.Object
            ? video.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The <c>room</c> field of the body, if any.</summary>
    public string? Room => Json.TryGetProperty("room", out var room) ? room.GetString() : null;
}
