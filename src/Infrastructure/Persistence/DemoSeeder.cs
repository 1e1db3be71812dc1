namespace Agentsgt.Infrastructure.Persistence;

public sealed class DemoSeeder(AgentsgtDbContext db, ISecretHasher hasher, TimeProvider clock)
{
    public static readonly Guid OrganizationId = Guid.Parse("0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31");

    // The API page's example agent id, so its examples work as written.
    public static readonly Guid AgentId = Guid.Parse("550e8400-e29b-41d4-a716-446655440000");

    public const string KeyName = "demo";

    public async Task<DemoSeedResult> SeedAsync(string? existingApiKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!await db.Organizations.AnyAsync(o => o.Id == OrganizationId, cancellationToken).ConfigureAwait(false))
        {
            db.Organizations.Add(new Organization(OrganizationId, "Demo organization", now));
        }

        if (!await db.Agents.AnyAsync(a => a.Id == AgentId, cancellationToken).ConfigureAwait(false))
        {
            // No LiveKit agent name: a local dev worker without agent_name picks rooms up automatically.
            db.Agents.Add(new Agent(AgentId, OrganizationId, "Demo voice agent", now));
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        if (existingApiKey is not null
            && ApiKeyCredentials.TryParseAuthorizationHeader("Bearer " + existingApiKey, out var existing)
            && await IsValidDemoKeyAsync(existing, now, cancellationToken).ConfigureAwait(false))
        {
            return new DemoSeedResult(OrganizationId, AgentId, existing.PublicKey, existing.Secret, Created: false);
        }

        // Older demo keys' secrets are lost with the file that held them: revoke rather than leave them live.
        var stale = await db.ApiKeys.AsTracking()
            .Where(k => k.OrganizationId == OrganizationId && k.Name == KeyName && k.RevokedAt == null)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in stale)
        {
            key.Revoke(now);
        }

        var credentials = ApiKeyCredentials.Generate();
        db.ApiKeys.Add(new ApiKey(
            Guid.NewGuid(), OrganizationId, KeyName, credentials.PublicKey, hasher.Hash(credentials.Secret), hasher.CurrentPepperId, now, expiresAt: null));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new DemoSeedResult(OrganizationId, AgentId, credentials.PublicKey, credentials.Secret, Created: true);
    }

    private async Task<bool> IsValidDemoKeyAsync(ApiKeyCredentials credentials, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys
            .Where(k => k.PublicKey == credentials.PublicKey && k.OrganizationId == OrganizationId)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return key is not null && key.IsActive(now) && key is { SecretHash: { } hash, PepperId: { } pepperId } && hasher.Verify(credentials.Secret, hash, pepperId);
    }
}
