using Agentsgt.Domain.Entities;
using Agentsgt.Domain.Rules;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.LiveKit;
using Microsoft.Extensions.Options;

namespace Agentsgt.Benchmarks.Floor;

/// <summary>
/// The framework floor (docs/benchmarks.md): the least an ASP.NET Core service can do for the
/// token endpoint's request — no database, but the same header parsing
/// (<see cref="ApiKeyCredentials.TryParseBearer"/>), the same JSON body, the same signing
/// (<see cref="LiveKitTokenSigner"/>, i.e. JsonWebTokenHandler) and the same response shape — under
/// the same wrk script. What the endpoint cannot beat on this machine.
/// </summary>
public static class FloorApp
{
    private static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");

    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.Services.Configure<LiveKitOptions>(builder.Configuration.GetSection(LiveKitOptions.SectionName));
        builder.Services.AddSingleton<LiveKitTokenSigner>();
        var app = builder.Build();
        var signer = app.Services.GetRequiredService<LiveKitTokenSigner>();

        app.MapPost("/api/v1/agents/{agentId}/livekit/token", (HttpContext context, string agentId, FloorRequest? body) =>
        {
            var headers = context.Request.Headers.Authorization;
            if (headers.Count != 1 || !ApiKeyCredentials.TryParseBearer(headers[0], out _))
            {
                return Results.Json(new FloorError("unauthorized", "Unauthorized"), statusCode: StatusCodes.Status401Unauthorized);
            }

            if (!Agent.TryParseId(agentId, out var agent))
            {
                return Results.Json(new FloorError("not_found", "Agent not found"), statusCode: StatusCodes.Status404NotFound);
            }

            var room = body?.RoomName is { Length: > 0 } shortName && RoomName.IsValidShortName(shortName)
                ? RoomName.FromShortName(agent, OrganizationId, shortName)
                : RoomName.CreateRandom(agent, OrganizationId);
            var identity = body?.VisitorId ?? ParticipantTextRules.NewIdentity();
            var name = body?.VisitorName ?? ParticipantTextRules.DefaultDisplayName;
            var signed = signer.Sign(new Application.Common.Interfaces.VoiceGrant(room.Value, identity, name, agent, OrganizationId, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new FloorToken(signed.Token, room.Value, signer.ServerUrl, identity, signed.ExpiresAt.UtcDateTime));
        });
        app.MapGet("/", () => "floor");
        await app.RunAsync().ConfigureAwait(false);
    }

    public sealed record FloorRequest(string? RoomName, string? VisitorId, string? VisitorName);

    public sealed record FloorToken(string Token, string RoomName, string ServerUrl, string VisitorId, DateTime ExpiresAt);

    public sealed record FloorError(string Error, string Message);
}
