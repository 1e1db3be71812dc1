using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>Ledger rows written straight to the database, with the times a test chooses.</summary>
public static class SessionLedger
{
    /// <summary>A session of <paramref name="apiKeyId"/>: joined and ended when those are given (ended as <paramref name="reason"/>).</summary>
    public static async Task<Session> AddSessionAsync(
        this ApiFactory factory,
        Guid organizationId,
        Guid agentId,
        Guid apiKeyId,
        DateTimeOffset issuedAt,
        DateTimeOffset? joinedAt = null,
        DateTimeOffset? endedAt = null,
        SessionEndReason reason = SessionEndReason.Left)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var session = Session.Issue(Guid.NewGuid(), organizationId, agentId, apiKeyId, "room-" + suffix, randomRoom: false, "visitor-" + suffix, issuedAt, new SessionCaps(null, null, 3600));
        if (joinedAt is { } joined)
        {
            session.Join(joined, "RM_" + suffix);
        }

        if (endedAt is { } ended)
        {
            session.End(reason, ended);
        }

        await using var db = factory.NewDbContext();
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    /// <summary>A joined and ended session of the tenant's agent and key.</summary>
    public static Task<Session> AddSessionAsync(this ApiFactory factory, TestTenant tenant, DateTimeOffset issuedAt, DateTimeOffset? joinedAt = null, DateTimeOffset? endedAt = null) =>
        factory.AddSessionAsync(tenant?.OrganizationId ?? throw new ArgumentNullException(nameof(tenant)), tenant.AgentId, tenant.ApiKeyId, issuedAt, joinedAt, endedAt);

    /// <summary>GETs <paramref name="path"/> with an optional Authorization and Origin header.</summary>
    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string? authorization, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        return client.SendAsync(request);
    }
}
