// An agent without a LiveKit agent name: rooms are routed by name, no roomConfig in the token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenSource } from 'livekit-client';
import { assertVisitorGrant, authorization, roomOf, serviceAttributes, settings, tokenSourceUrl, verify } from './support.mjs';

test('an agent without a worker name gets tokens without roomConfig', async () => {
  const agentId = settings.plainAgentId;
  const source = TokenSource.endpoint(tokenSourceUrl(agentId), { headers: authorization });

  const claims = await verify((await source.fetch({ roomName: 'lobby', participantIdentity: 'guest-7' })).participantToken);

  assertVisitorGrant(claims, roomOf(agentId, 'lobby'));
  assert.equal(claims.sub, 'guest-7');
  assert.equal(claims.roomConfig, undefined);
  assert.deepEqual(claims.attributes, serviceAttributes(agentId, claims));
});

test('asking an agent without a worker name for one is refused', async () => {
  const source = TokenSource.endpoint(tokenSourceUrl(settings.plainAgentId), { headers: authorization });

  await assert.rejects(source.fetch({ agentName: settings.liveKitAgentName }), /received 400 .*room_config\.agents\[0\]\.agent_name/);
});
