// Tokens per second of LiveKit's own Node SDK, signing the token our signer signs (same claims
// and secret as Signer/TokenSample.cs), one after another on this thread, as
// `Agentsgt.Benchmarks signer-rate` does for ours. scripts/bench.sh pins both to one core.
// Usage: node sign-rate.mjs [seconds=10] [warmupSeconds=3]
import { randomBytes } from 'node:crypto';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';

const seconds = Number(process.argv[2] ?? 10);
const warmupSeconds = Number(process.argv[3] ?? 3);
if (!(seconds > 0 && seconds <= 3600 && warmupSeconds >= 0 && warmupSeconds <= 3600)) {
  throw new Error('usage: node sign-rate.mjs [seconds 1-3600] [warmupSeconds 0-3600]');
}

const apiKey = 'APIbenchmark0001';
const apiSecret = 'bench-livekit-secret-0123456789abcdefghijklmnopq';
const agentId = '550e8400-e29b-41d4-a716-446655440000';
const organizationId = '0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31';
const room = `agentsgt-room-${agentId}-${organizationId}-support-room-001`;
// Like ParticipantText.NewVisitorIdentity: "visitor-" + 20 of [a-z0-9].
const identity = 'visitor-' + [...randomBytes(20)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

async function sign() {
  const token = new AccessToken(apiKey, apiSecret, { identity, name: 'John Doe', ttl: 3600 });
  token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
  token.attributes = { 'agentsgt.agentId': agentId, 'agentsgt.organizationId': organizationId };
  return token.toJwt();
}

async function loop(ms) {
  let tokens = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++) {
      await sign();
    }
    tokens += 64;
  }
  return tokens;
}

// The token must verify and carry the same claims as ours before it is timed.
const claims = await new TokenVerifier(apiKey, apiSecret).verify(await sign());
console.log(`SAMPLE claims=${Object.keys(claims).sort().join(',')} video=${Object.keys(claims.video).sort().join(',')}`);

await loop(warmupSeconds * 1000);
const cpuBefore = process.cpuUsage();
const start = performance.now();
const tokens = await loop(seconds * 1000);
const elapsed = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  `RATE_RESULT impl=node tokens=${tokens} seconds=${elapsed.toFixed(3)} tokens_per_s=${(tokens / elapsed).toFixed(0)} ` +
    `ns_per_token=${((elapsed * 1e9) / tokens).toFixed(0)} cpu_seconds=${((cpu.user + cpu.system) / 1e6).toFixed(3)} ` +
    `node=${process.version} sdk=2.19.2`,
);
