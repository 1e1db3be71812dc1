// The contract's own endpoint, called as the API page shows, checked with LiveKit's verifier:
// visitor context, TTL and dispatch reach the token there too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertDispatchesWorker, assertVisitorGrant, authorization, roomOf, serviceAttributes, settings, tokenUrl, verify } from './support.mjs';

test('POST /livekit/token with metadata, attributes and ttlSeconds', async () => {
  const agentId = settings.dispatchedAgentId;
  const response = await fetch(tokenUrl(agentId), {
    method: 'POST',
    headers: { ...authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify({ roomName: 'support-room-001', visitorName: 'John Doe', metadata: 'ctx', attributes: { plan: 'pro' }, ttlSeconds: 600 }),
  });
  assert.equal(response.status, 200);
  const body = await response.json();

  const claims = await verify(body.token);

  assert.equal(body.serverUrl, settings.liveKitUrl);
  assert.equal(body.roomName, roomOf(agentId, 'support-room-001'));
  assertVisitorGrant(claims, body.roomName);
  assert.equal(claims.sub, body.visitorId);
  assert.equal(claims.name, 'John Doe');
  assert.equal(claims.exp - claims.nbf, 600);
  assert.equal(Date.parse(body.expiresAt) / 1000, claims.exp);
  assert.equal(claims.metadata, 'ctx');
  assert.deepEqual(claims.attributes, { ...serviceAttributes(agentId, claims), plan: 'pro' });
  assertDispatchesWorker(claims, agentId);
});
