using System.Buffers;
using System.Globalization;

namespace Agentsgt.Infrastructure.LiveKit;

/// <summary>
/// RoomService bodies in protojson as livekit-server-sdk writes them (camelCase, zero values left
/// out, bytes as base64); answers read as a protojson parser reads them (JSON or proto field
/// names, numbers as numbers or strings, unknown fields ignored).
/// </summary>
internal static class RoomServiceJson
{
    public static byte[] ListRooms() => "{}"u8.ToArray();

    public static byte[] Room(string room) => Write(json => json.WriteString("room", room));

    public static byte[] Participant(string room, string identity) =>
        Write(json =>
        {
            json.WriteString("room", room);
            json.WriteString("identity", identity);
        });

    /// <summary><c>kind</c> RELIABLE is the enum's zero, left out as the SDK leaves it; the nonce lets LiveKit drop a retried copy.</summary>
    public static byte[] SendData(string room, ReadOnlyMemory<byte> data, string topic, IReadOnlyList<string> destinationIdentities, ReadOnlySpan<byte> nonce)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (data.Length * 4 / 3));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("room", room);
            if (!data.IsEmpty)
            {
                json.WriteBase64String("data", data.Span);
            }

            if (topic.Length > 0)
            {
                json.WriteString("topic", topic);
            }

            if (destinationIdentities.Count > 0)
            {
                json.WriteStartArray("destinationIdentities");
                foreach (var identity in destinationIdentities)
                {
                    json.WriteStringValue(identity);
                }

                json.WriteEndArray();
            }

            json.WriteBase64String("nonce", nonce);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string? ErrorCode(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IReadOnlyList<LiveKitRoom> ReadRooms(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return Items(document.RootElement, "rooms")
            .Select(room => new LiveKitRoom(
                Text(room, "name"),
                Text(room, "sid"),
                (int)Number(room, "numParticipants", "num_participants")))
            .ToList();
    }

    public static IReadOnlyList<LiveKitParticipant> ReadParticipants(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return Items(document.RootElement, "participants")
            .Select(participant =>
            {
                var joinedAt = Number(participant, "joinedAt", "joined_at");
                return new LiveKitParticipant(
                    Text(participant, "identity"),
                    Text(participant, "sid"),
                    Attributes(participant),
                    joinedAt > 0 ? DateTimeOffset.FromUnixTimeSeconds(joinedAt) : null);
            })
            .ToList();
    }

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            members(json);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static IEnumerable<JsonElement> Items(JsonElement root, string name)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("The answer is not a JSON object.");
        }

        return Field(root, name) is { ValueKind: JsonValueKind.Array } items
            ? items.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object)
            : [];
    }

    private static JsonElement? Field(JsonElement element, string jsonName, string? protoName = null) =>
        element.TryGetProperty(jsonName, out var value) || (protoName is not null && element.TryGetProperty(protoName, out value)) ? value : null;

    private static string Text(JsonElement element, string name) =>
        Field(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : string.Empty;

    private static long Number(JsonElement element, string jsonName, string protoName) =>
        Field(element, jsonName, protoName) switch
        {
            { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
            { ValueKind: JsonValueKind.String } value when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
            null => 0,
            _ => throw new JsonException("A number field holds something else."),
        };

    private static Dictionary<string, string> Attributes(JsonElement participant)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Field(participant, "attributes") is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var attribute in map.EnumerateObject())
            {
                if (attribute.Value.ValueKind == JsonValueKind.String)
                {
                    attributes[attribute.Name] = attribute.Value.GetString()!;
                }
            }
        }

        return attributes;
    }
}
