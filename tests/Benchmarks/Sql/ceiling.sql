-- The database ceiling (docs/benchmarks.md): the least work the contract asks of PostgreSQL per
-- token request, as ONE statement — the key by its public part, the agent in the key's
-- organization, and the key's last_used_at written — the best a service without write-behind
-- could do. pgbench runs it with -M prepared; -D keys=N picks one of the N seeded keys per
-- transaction (keys=1: the hot key). Key n is pk_bench + n in 8 digits, its agent
-- 00000000-0000-4000-8000- + n in 12 digits (Seeding/BenchmarkSeeder.cs).
\set n random(1, :keys)
WITH used AS (
    UPDATE api_keys SET last_used_at = GREATEST(last_used_at, now())
    WHERE public_key = 'pk_bench' || lpad(CAST(:n AS text), 8, '0')
    RETURNING id, organization_id, kind, secret_hash, pepper_id, allowed_origins, allowed_agent_ids, revoked_at, expires_at
)
SELECT used.*, a.id AS agent_id, a.livekit_agent_name
FROM used
LEFT JOIN agents AS a
    ON a.id = CAST('00000000-0000-4000-8000-' || lpad(CAST(:n AS text), 12, '0') AS uuid)
    AND a.organization_id = used.organization_id AND a.deleted_at IS NULL;
