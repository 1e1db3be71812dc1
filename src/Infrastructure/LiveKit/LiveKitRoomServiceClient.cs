using System.Net;
using System.Net.Http.Headers;

namespace Agentsgt.Infrastructure.LiveKit;

/// <summary>
/// LiveKit's RoomService over Twirp JSON, as livekit-server-sdk calls it, with a token per call
/// holding only the method's grant (docs/architecture.md, "LiveKit's RoomService"). Twirp's
/// <c>not_found</c> means already gone: a removal or a message is done, a listing is empty.
/// </summary>
public sealed class LiveKitRoomServiceClient : ILiveKitRoomService
{
    public const string HttpClientName = "LiveKit.RoomService";
    public const string MeterName = "Agentsgt.LiveKit";
    public const string CallsName = "agentsgt.livekit.room_service.calls";
    public const int MaxAttempts = 3;

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    public const int MaxAnswerBytes = 16 * 1024 * 1024;

    public const string PathPrefix = "/twirp/livekit.RoomService/";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    // A token per call, short-lived: it is only ever sent to LiveKit, within the call's retries.
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _clock;
    private readonly Counter<long> _calls;
    private readonly RoomServiceOutageLog _outages;
    private readonly JsonWebTokenHandler _tokens = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials? _credentials;
    private readonly string _apiKey = string.Empty;
    private readonly Uri _address = new("http://127.0.0.1/");

    public LiveKitRoomServiceClient(IHttpClientFactory httpClients, IOptions<LiveKitOptions> options, TimeProvider clock, IMeterFactory meters, ILogger<LiveKitRoomServiceClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _httpClients = httpClients;
        _clock = clock;
        _outages = new RoomServiceOutageLog(logger, clock);
        _calls = meters.Create(MeterName).CreateCounter<long>(CallsName, "{call}", "LiveKit RoomService calls by method and result (ok, not_found, failed), retries included in one call.");
        var value = options.Value;
        if (value.DescribeProblem() is not null)
        {
            return;
        }

        _apiKey = value.ApiKey!;
        _address = ServiceAddress(value.Url!);
        _credentials = HmacSha256CryptoProvider.CreateCredentials(value.ApiSecret!);
    }

    public bool IsConfigured => _credentials is not null;

    public Task<IReadOnlyList<LiveKitRoom>> ListRoomsAsync(CancellationToken cancellationToken) =>
        CallAsync("ListRooms", RoomServiceJson.ListRooms(), "roomList", room: null, RoomServiceJson.ReadRooms, [], cancellationToken);

    public Task<IReadOnlyList<LiveKitParticipant>> ListParticipantsAsync(string room, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        return CallAsync("ListParticipants", RoomServiceJson.Room(room), "roomAdmin", room, RoomServiceJson.ReadParticipants, [], cancellationToken);
    }

    public Task DeleteRoomAsync(string room, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        return CallAsync("DeleteRoom", RoomServiceJson.Room(room), "roomCreate", room: null, Done, true, cancellationToken);
    }

    public Task RemoveParticipantAsync(string room, string identity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(identity);
        return CallAsync("RemoveParticipant", RoomServiceJson.Participant(room, identity), "roomAdmin", room, Done, true, cancellationToken);
    }

    public Task SendDataAsync(string room, ReadOnlyMemory<byte> data, string topic, IReadOnlyList<string> destinationIdentities, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(destinationIdentities);
        var body = RoomServiceJson.SendData(room, data, topic, destinationIdentities, RandomNumberGenerator.GetBytes(16));
        return CallAsync("SendData", body, "roomAdmin", room, Done, true, cancellationToken);
    }

    /// <summary>As livekit-server-sdk forms it: ws → http, wss → https, host and port kept; the SDK resolves the absolute Twirp path against the URL, so its path is dropped.</summary>
    public static Uri ServiceAddress(string liveKitUrl)
    {
        var url = new Uri(liveKitUrl, UriKind.Absolute);
        return new UriBuilder(url)
        {
            Scheme = url.Scheme == "wss" ? Uri.UriSchemeHttps : Uri.UriSchemeHttp,
            Port = url.IsDefaultPort ? -1 : url.Port,
            UserName = string.Empty,
            Password = string.Empty,
            Path = PathPrefix,
            Query = string.Empty,
            Fragment = string.Empty,
        }.Uri;
    }

    private static bool Done(byte[] answer) => true;

    /// <summary>One token and body for all of a call's attempts.</summary>
    private async Task<T> CallAsync<T>(string method, byte[] body, string grant, string? room, Func<byte[], T> read, T whenNotFound, CancellationToken cancellationToken)
    {
        if (_credentials is null)
        {
            throw new LiveKitUnavailableException("LiveKit is not configured (URL, API key or API secret missing or invalid).");
        }

        var token = Sign(grant, room);
        var requestId = Guid.NewGuid().ToString("D");
        var uri = new Uri(_address, method);
        for (var attempt = 1; ; attempt++)
        {
            var (answer, failure, retryable) = await SendAsync(uri, body, token, requestId, cancellationToken).ConfigureAwait(false);
            if (answer is not null)
            {
                try
                {
                    var result = read(answer);
                    Record(method, "ok");
                    return result;
                }
                catch (JsonException)
                {
                    failure = "an answer that is not the method's JSON";
                    retryable = false;
                }
            }
            else if (failure is null)
            {
                Record(method, "not_found");
                return whenNotFound;
            }

            if (!retryable || attempt == MaxAttempts)
            {
                Count(method, "failed");
                _outages.CallFailed(method, $"{failure}, attempt {attempt} of {MaxAttempts}", _address);
                throw new LiveKitUnavailableException($"LiveKit RoomService {method} failed: {failure}.");
            }

            await Task.Delay(FirstRetryDelay * (1 << (attempt - 1)), _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The answer; or neither answer nor failure on Twirp's <c>not_found</c>; or why it failed and whether to try again.</summary>
    private async Task<(byte[]? Answer, string? Failure, bool Retryable)> SendAsync(Uri uri, byte[] body, string token, string requestId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("X-Livekit-Request-Id", requestId);
        try
        {
            using var response = await _httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return (answer, null, false);
            }

            var code = RoomServiceJson.ErrorCode(answer);
            if (response.StatusCode == HttpStatusCode.NotFound && code == "not_found")
            {
                return (null, null, false);
            }

            var status = (int)response.StatusCode;
            return (null, $"HTTP {status} {code ?? "without a Twirp code"}", status >= 500 || status == 429);
        }
        catch (HttpRequestException ex)
        {
            return (null, $"{nameof(HttpRequestException)} ({ex.HttpRequestError})", true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {AttemptTimeout.TotalSeconds:0} s", true);
        }
    }

    private void Record(string method, string result)
    {
        Count(method, result);
        _outages.CallAnswered();
    }

    private void Count(string method, string result) =>
        _calls.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("result", result));

    private string Sign(string grant, string? room)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var payload = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteStartObject("video");
            json.WriteBoolean(grant, true);
            if (room is not null)
            {
                json.WriteString("room", room);
            }

            json.WriteEndObject();
            json.WriteString("iss", _apiKey);
            json.WriteNumber("nbf", now);
            json.WriteNumber("exp", now + (long)TokenLifetime.TotalSeconds);
            json.WriteEndObject();
        }

        return _tokens.CreateToken(Encoding.UTF8.GetString(payload.GetBuffer(), 0, (int)payload.Length), _credentials);
    }
}
