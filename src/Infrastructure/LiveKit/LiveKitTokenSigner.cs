using System.Buffers;

namespace Agentsgt.Infrastructure.LiveKit;

public sealed class LiveKitTokenSigner : ILiveKitTokenSigner
{
    public const string AgentIdAttribute = ParticipantContextRules.ReservedAttributePrefix + "agentId";
    public const string OrganizationIdAttribute = ParticipantContextRules.ReservedAttributePrefix + "organizationId";
    public const string SessionIdAttribute = ParticipantContextRules.ReservedAttributePrefix + "sessionId";
    public const string DispatchAgentIdKey = "agentId";
    public const string DispatchOrganizationIdKey = "organizationId";
    public const string DispatchClientMetadataKey = "clientMetadata";

    private static readonly Dictionary<string, string> EmptyAttributes = [];

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials? _credentials;
    private readonly string _apiKey = string.Empty;

    public LiveKitTokenSigner(IOptions<LiveKitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        Problem = value.DescribeProblem();
        if (Problem is not null)
        {
            return;
        }

        ServerUrl = value.Url!;
        _apiKey = value.ApiKey!;
        _credentials = new SigningCredentials(LiveKitSigningKey.Create(value.ApiSecret!), SecurityAlgorithms.HmacSha256);
    }

    public bool IsConfigured => _credentials is not null;

    public string? Problem { get; }

    public string ServerUrl { get; } = string.Empty;

    public SignedVoiceToken Sign(VoiceGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (_credentials is null)
        {
            throw new VoiceNotConfiguredException();
        }

        var notBefore = grant.IssuedAt.ToUnixTimeSeconds();
        var expires = notBefore + (long)grant.Lifetime.TotalSeconds;
        string token;
        try
        {
            token = _handler.CreateToken(WritePayload(grant, notBefore, expires), _credentials);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new TokenSigningException("Failed to sign the LiveKit token.", ex);
        }

        return new SignedVoiceToken(token, DateTimeOffset.FromUnixTimeSeconds(notBefore), DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    // One buffer and writer per thread: the payload is copied out as a string before reuse.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private string WritePayload(VoiceGrant grant, long notBefore, long expires)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        {
            json.WriteStartObject();
            json.WriteString("iss", _apiKey);
            json.WriteString("sub", grant.Identity);
            json.WriteString("name", grant.DisplayName);
            json.WriteNumber("nbf", notBefore);
            json.WriteNumber("exp", expires);
            json.WriteStartObject("video");
            json.WriteString("room", grant.RoomName);
            json.WriteBoolean("roomJoin", true);
            json.WriteBoolean("canPublish", true);
            json.WriteBoolean("canSubscribe", true);
            json.WriteBoolean("canPublishData", true);
            json.WriteEndObject();
            if (grant.Metadata is not null)
            {
                json.WriteString("metadata", grant.Metadata);
            }

            json.WriteStartObject("attributes");
            json.WriteString(AgentIdAttribute, grant.AgentId);
            json.WriteString(OrganizationIdAttribute, grant.OrganizationId);
            if (grant.SessionId is { } sessionId)
            {
                json.WriteString(SessionIdAttribute, sessionId);
            }

            foreach (var (key, value) in grant.Attributes ?? EmptyAttributes)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            if (grant.DispatchAgentName is not null || grant.PrivateRoomDepartureTimeoutSeconds is not null)
            {
                // LiveKit's claim names (auth.ClaimGrants, protojson): roomConfig.agents[].agentName / metadata.
                json.WriteStartObject("roomConfig");
                if (grant.DispatchAgentName is not null)
                {
                    json.WriteStartArray("agents");
                    json.WriteStartObject();
                    json.WriteString("agentName", grant.DispatchAgentName);
                    json.WriteString("metadata", DispatchMetadata(grant));
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                // A room named at random is this visitor's alone (LiveKit does not count agents).
                if (grant.PrivateRoomDepartureTimeoutSeconds is { } departureTimeout)
                {
                    json.WriteNumber("maxParticipants", 1);
                    json.WriteNumber("departureTimeout", departureTimeout);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string DispatchMetadata(VoiceGrant grant)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(DispatchAgentIdKey, grant.AgentId.ToString("D"));
            json.WriteString(DispatchOrganizationIdKey, grant.OrganizationId.ToString("D"));

            // The client's text as one string value: it can add context but never replace the ids above.
            if (grant.DispatchClientMetadata is not null)
            {
                json.WriteString(DispatchClientMetadataKey, grant.DispatchClientMetadata);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
