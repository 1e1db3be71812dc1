namespace Agentsgt.Infrastructure.Persistence;

public sealed record DemoSeedResult(Guid OrganizationId, Guid AgentId, string PublicKey, string Secret, bool Created);
