namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>
/// One of the two token endpoints, with its wire names: <c>/livekit/token</c> (the contract's
/// camelCase fields, 200) and <c>/livekit/token-source</c> (LiveKit's snake_case fields, 201).
/// A fixture over <see cref="Both"/> tests a contract row once for both.
/// </summary>
public sealed record TokenEndpoint(
    string Name,
    HttpStatusCode SuccessStatus,
    string RoomField,
    string VisitorIdField,
    string VisitorNameField,
    string MetadataField,
    string AttributesField,
    string TtlField,
    string TokenResponseField,
    string RoomResponseField,
    string ServerUrlResponseField,
    string ResumeTokenField,
    IReadOnlyList<string> ResponseFields)
{
    public static readonly TokenEndpoint Contract = new(
        "token", HttpStatusCode.OK, "roomName", "visitorId", "visitorName", "metadata", "attributes", "ttlSeconds",
        "token", "roomName", "serverUrl", "resumeToken", ["token", "roomName", "serverUrl", "visitorId", "expiresAt", "sessionId", "maxSessionSeconds"]);

    public static readonly TokenEndpoint TokenSource = new(
        "token-source", HttpStatusCode.Created, "room_name", "participant_identity", "participant_name", "participant_metadata", "participant_attributes", "ttl_seconds",
        "participant_token", "room_name", "server_url", "resume_token", ["server_url", "participant_token", "room_name", "participant_name"]);

    /// <summary>
    /// For <c>[TestFixtureSource(typeof(TokenEndpoint), nameof(Both))]</c>, or a test's
    /// <c>[ValueSource(typeof(TokenEndpoint), nameof(Both))]</c> parameter in a fixture that is not per endpoint.
    /// </summary>
    public static IEnumerable<TokenEndpoint> Both => [Contract, TokenSource];

    public bool IsTokenSource => this == TokenSource;

    public string Path(string agentId) => $"/api/v1/agents/{agentId}/livekit/{Name}";

    public string Path(Guid agentId) => Path(agentId.ToString());

    /// <summary>The endpoint a request goes to.</summary>
    public static TokenEndpoint Of(HttpRequestMessage request) =>
        request?.RequestUri?.OriginalString.EndsWith("/token-source", StringComparison.Ordinal) == true ? TokenSource : Contract;

    /// <summary>The fixture's name in test results: the endpoint's path segment.</summary>
    public override string ToString() => Name;
}
