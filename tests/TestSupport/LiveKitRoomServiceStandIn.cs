using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agentsgt.Tests.Support;

/// <summary>
/// LiveKit's RoomService for tests (there is no LiveKit server here): Kestrel on a free loopback
/// port answering <c>POST /twirp/livekit.RoomService/{ListRooms|DeleteRoom|ListParticipants|
/// RemoveParticipant|SendData}</c> as LiveKit does. The bearer JWT must verify (HS256 with the
/// API secret, <c>iss</c> = the API key, <c>exp</c> not past) → else <c>401 unauthenticated</c>;
/// it must hold the method's grant (<c>roomList</c>; <c>roomCreate</c>; <c>roomAdmin</c> with
/// <c>room</c> equal to the body's room) → else <c>403 permission_denied</c>. Rooms and
/// participants are what the test seeds; removals remove them; an unknown room or participant is
/// Twirp's <c>404 not_found</c>. Every request is recorded as received.
/// </summary>
public sealed class LiveKitRoomServiceStandIn : IAsyncDisposable
{
    public const string DefaultApiKey = "devkey";
    public const string DefaultApiSecret = "secret";
    public const string PathPrefix = "/twirp/livekit.RoomService/";

    private static readonly TimeSpan ClockLeeway = TimeSpan.FromSeconds(10);
    private static readonly string[] Methods = ["ListRooms", "DeleteRoom", "ListParticipants", "RemoveParticipant", "SendData"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StandInRoom> _rooms = new(StringComparer.Ordinal);
    private readonly List<RoomServiceRequest> _requests = [];
    private readonly List<RoomServiceDataMessage> _messages = [];
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private int _nextSid;

    private LiveKitRoomServiceStandIn(WebApplication app, string apiKey, string apiSecret)
    {
        _app = app;
        ApiKey = apiKey;
        ApiSecret = apiSecret;
    }

    public string ApiKey { get; }

    public string ApiSecret { get; }

    public int Port { get; private set; }

    /// <summary>The URL to configure as <c>LiveKit:Url</c> (what clients join).</summary>
    public string Url => $"ws://127.0.0.1:{Port}";

    public string HttpUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Set to make every RoomService call fail until set back to <see cref="RoomServiceFault.None"/>.</summary>
    public RoomServiceFault Fault { get; set; }

    /// <summary>Every request received so far, oldest first.</summary>
    public IReadOnlyList<RoomServiceRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every accepted <c>SendData</c>, oldest first.</summary>
    public IReadOnlyList<RoomServiceDataMessage> DataMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Names of the rooms that exist now.</summary>
    public IReadOnlyList<string> Rooms
    {
        get
        {
            lock (_gate)
            {
                return [.. _rooms.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public static async Task<LiveKitRoomServiceStandIn> StartAsync(string apiKey = DefaultApiKey, string apiSecret = DefaultApiSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        ArgumentException.ThrowIfNullOrEmpty(apiSecret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new LiveKitRoomServiceStandIn(app, apiKey, apiSecret);
        app.Run(standIn.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        standIn.Port = new Uri(address).Port;
        return standIn;
    }

    /// <summary>Creates the room if it does not exist (as a first join would); returns its sid.</summary>
    public string AddRoom(string room, string? sid = null)
    {
        lock (_gate)
        {
            return RoomLocked(room, sid).Sid;
        }
    }

    /// <summary>A participant joins (the room is created if needed); an existing identity is replaced, as LiveKit kicks the older connection.</summary>
    public RoomServiceParticipant AddParticipant(string room, string identity, IReadOnlyDictionary<string, string>? attributes = null, DateTimeOffset? joinedAt = null, string? sid = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        lock (_gate)
        {
            var target = RoomLocked(room);
            var participant = new RoomServiceParticipant(
                room,
                identity,
                sid ?? $"PA_standin{++_nextSid}",
                new Dictionary<string, string>(attributes ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                joinedAt ?? DateTimeOffset.UtcNow);
            target.Participants[identity] = participant;
            return participant;
        }
    }

    /// <summary>The room ends (as when its last participant left); false if it did not exist.</summary>
    public bool RemoveRoom(string room)
    {
        lock (_gate)
        {
            return _rooms.Remove(room);
        }
    }

    /// <summary>The participant leaves; false if it was not there. The room stays.</summary>
    public bool RemoveParticipant(string room, string identity)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(room, out var target) && target.Participants.Remove(identity);
        }
    }

    public bool HasRoom(string room)
    {
        lock (_gate)
        {
            return _rooms.ContainsKey(room);
        }
    }

    public bool HasParticipant(string room, string identity)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(room, out var target) && target.Participants.ContainsKey(identity);
        }
    }

    /// <summary>The room's participants now; empty if the room does not exist.</summary>
    public IReadOnlyList<RoomServiceParticipant> Participants(string room)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(room, out var target) ? [.. target.Participants.Values] : [];
        }
    }

    /// <summary>The requests received for one method (<c>"DeleteRoom"</c> …), oldest first.</summary>
    public IReadOnlyList<RoomServiceRequest> RequestsFor(string method) =>
        Requests.Where(r => r.Method == method).ToList();

    /// <summary>Forgets the recorded requests and data messages (rooms and participants stay).</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
            _messages.Clear();
        }
    }

    /// <summary>The first recorded request for <paramref name="method"/> that matches, waiting up to <paramref name="timeout"/>; throws <see cref="TimeoutException"/> if none came.</summary>
    public async Task<RoomServiceRequest> WaitForRequestAsync(string method, TimeSpan timeout, Func<RoomServiceRequest, bool>? match = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var found = RequestsFor(method).FirstOrDefault(r => match is null || match(r));
            if (found is not null)
            {
                return found;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"No {method} request reached the RoomService stand-in within {timeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private StandInRoom RoomLocked(string room, string? sid = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        if (!_rooms.TryGetValue(room, out var target))
        {
            target = new StandInRoom(sid ?? $"RM_standin{++_nextSid}", DateTimeOffset.UtcNow);
            _rooms[room] = target;
        }

        return target;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var method = path.StartsWith(PathPrefix, StringComparison.Ordinal) ? path[PathPrefix.Length..] : string.Empty;
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var authorization = context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null;
        var claims = VerifiedClaims(authorization);

        var fault = Fault;
        if (fault == RoomServiceFault.Unreachable)
        {
            Record(method, path, body, authorization, claims, 0);
            context.Abort();
            return;
        }

        if (fault == RoomServiceFault.Unanswered)
        {
            Record(method, path, body, authorization, claims, 0);
            using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await Task.Delay(Timeout.Infinite, held.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            context.Abort();
            return;
        }

        var (status, answer) = fault == RoomServiceFault.ServerError
            ? Error(500, "internal", "stand-in told to fail")
            : Answer(context.Request.Method, method, body, claims);
        Record(method, path, body, authorization, claims, status);

        context.Response.StatusCode = status;
        // Exactly this type: livekit-server-sdk reads a Twirp error's JSON only when it is.
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private void Record(string method, string path, string body, string? authorization, JsonElement? claims, int status)
    {
        lock (_gate)
        {
            _requests.Add(new RoomServiceRequest(method, path, body, authorization, claims, status, DateTimeOffset.UtcNow));
        }
    }

    private (int Status, JsonObject Answer) Answer(string httpMethod, string method, string body, JsonElement? claims)
    {
        if (!HttpMethods.IsPost(httpMethod) || !Methods.Contains(method))
        {
            return Error(404, "bad_route", $"no handler for path \"{PathPrefix}{method}\"");
        }

        if (claims is not { } verified)
        {
            return Error(401, "unauthenticated", "invalid token");
        }

        JsonElement request;
        try
        {
            request = JsonDocument.Parse(body.Length == 0 ? "{}" : body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Error(400, "malformed", "the json request could not be decoded");
        }

        if (request.ValueKind != JsonValueKind.Object)
        {
            return Error(400, "malformed", "the json request could not be decoded");
        }

        var video = verified.TryGetProperty("video", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
        var room = Text(request, "room");
        if (method == "ListRooms")
        {
            return Grants(video, "roomList") ? AnswerListRooms(request) : Error(403, "permission_denied", "permissions denied");
        }

        if (method == "DeleteRoom")
        {
            return !Grants(video, "roomCreate") ? Error(403, "permission_denied", "permissions denied")
                : string.IsNullOrEmpty(room) ? Error(400, "invalid_argument", "room is required")
                : AnswerDeleteRoom(room);
        }

        if (!Grants(video, "roomAdmin") || string.IsNullOrEmpty(room) || Text(video, "room") != room)
        {
            return Error(403, "permission_denied", "permissions denied");
        }

        return method switch
        {
            "ListParticipants" => AnswerListParticipants(room),
            "RemoveParticipant" => AnswerRemoveParticipant(room, Text(request, "identity")),
            _ => AnswerSendData(room, request),
        };
    }

    private (int, JsonObject) AnswerListRooms(JsonElement request)
    {
        var names = request.TryGetProperty("names", out var n) && n.ValueKind == JsonValueKind.Array
            ? n.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal)
            : [];
        var rooms = new JsonArray();
        lock (_gate)
        {
            foreach (var (name, room) in _rooms.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (names.Count > 0 && !names.Contains(name))
                {
                    continue;
                }

                // protojson as LiveKit answers: camelCase, int64 as strings, zero values left out.
                var info = new JsonObject
                {
                    ["sid"] = room.Sid,
                    ["name"] = name,
                    ["emptyTimeout"] = 300,
                    ["departureTimeout"] = 20,
                    ["creationTime"] = room.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                };
                if (room.Participants.Count > 0)
                {
                    info["numParticipants"] = room.Participants.Count;
                }

                rooms.Add(info);
            }
        }

        return (200, new JsonObject { ["rooms"] = rooms });
    }

    private (int, JsonObject) AnswerDeleteRoom(string room)
    {
        lock (_gate)
        {
            return _rooms.Remove(room) ? (200, new JsonObject()) : Error(404, "not_found", "requested room does not exist");
        }
    }

    private (int, JsonObject) AnswerListParticipants(string room)
    {
        var participants = new JsonArray();
        lock (_gate)
        {
            if (!_rooms.TryGetValue(room, out var target))
            {
                return Error(404, "not_found", "requested room does not exist");
            }

            foreach (var p in target.Participants.Values)
            {
                var info = new JsonObject
                {
                    ["sid"] = p.Sid,
                    ["identity"] = p.Identity,
                    ["state"] = "ACTIVE",
                    ["joinedAt"] = p.JoinedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                    ["joinedAtMs"] = p.JoinedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                };
                if (p.Attributes.Count > 0)
                {
                    var attributes = new JsonObject();
                    foreach (var (key, value) in p.Attributes)
                    {
                        attributes[key] = value;
                    }

                    info["attributes"] = attributes;
                }

                participants.Add(info);
            }
        }

        return (200, new JsonObject { ["participants"] = participants });
    }

    private (int, JsonObject) AnswerRemoveParticipant(string room, string? identity)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(room, out var target) && identity is not null && target.Participants.Remove(identity)
                ? (200, new JsonObject())
                : Error(404, "not_found", "participant not found");
        }
    }

    private (int, JsonObject) AnswerSendData(string room, JsonElement request)
    {
        byte[] data;
        try
        {
            data = Convert.FromBase64String(Text(request, "data") ?? string.Empty);
        }
        catch (FormatException)
        {
            return Error(400, "malformed", "data is not base64");
        }

        // LiveKit's server takes a field by its JSON or its proto name.
        var destinations = (request.TryGetProperty("destinationIdentities", out var d) || request.TryGetProperty("destination_identities", out d)) && d.ValueKind == JsonValueKind.Array
            ? d.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
            : [];
        // protojson leaves out RELIABLE (the enum's zero) and accepts a name or a number.
        var kind = !request.TryGetProperty("kind", out var k) ? "RELIABLE"
            : k.ValueKind == JsonValueKind.Number ? (k.GetInt32() == 1 ? "LOSSY" : "RELIABLE")
            : k.GetString() ?? "RELIABLE";
        lock (_gate)
        {
            if (!_rooms.ContainsKey(room))
            {
                return Error(404, "not_found", "requested room does not exist");
            }

            _messages.Add(new RoomServiceDataMessage(room, data, Text(request, "topic"), destinations, kind, DateTimeOffset.UtcNow));
        }

        return (200, new JsonObject());
    }

    private JsonElement? VerifiedClaims(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var payload = LiveKitTokenReader.Verify(authorization["Bearer ".Length..].Trim(), ApiSecret).Payload;
            var now = DateTimeOffset.UtcNow;
            var valid = payload.TryGetProperty("iss", out var iss) && iss.GetString() == ApiKey
                && payload.TryGetProperty("exp", out var exp) && DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) + ClockLeeway >= now
                && (!payload.TryGetProperty("nbf", out var nbf) || DateTimeOffset.FromUnixTimeSeconds(nbf.GetInt64()) - ClockLeeway <= now);
            return valid ? payload : null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or KeyNotFoundException or ArgumentException)
        {
            return null;
        }
    }

    private static bool Grants(JsonElement video, string grant) =>
        video.ValueKind == JsonValueKind.Object && video.TryGetProperty(grant, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static (int, JsonObject) Error(int status, string code, string message) =>
        (status, new JsonObject { ["code"] = code, ["msg"] = message });

    private sealed class StandInRoom(string sid, DateTimeOffset createdAt)
    {
        public string Sid { get; } = sid;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public Dictionary<string, RoomServiceParticipant> Participants { get; } = new(StringComparer.Ordinal);
    }
}
