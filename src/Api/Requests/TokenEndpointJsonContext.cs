using Agentsgt.Api.Responses;

namespace Agentsgt.Api.Requests;

/// <summary>
/// The token endpoints' bodies, with JSON metadata generated at compile time instead of built by
/// reflection and emitted code in each new process. First in the resolver chain of the body binder's
/// and MVC's options, so names and rules stay theirs; other types fall through to reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IssueVoiceTokenRequest))]
[JsonSerializable(typeof(TokenSourceRequest))]
[JsonSerializable(typeof(VoiceTokenDto))]
[JsonSerializable(typeof(TokenSourceCredentialsDto))]
internal sealed partial class TokenEndpointJsonContext : JsonSerializerContext;
