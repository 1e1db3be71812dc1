// livekit-client's TokenSource.endpoint, unchanged, fetching credentials from the running service.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenSource } from 'livekit-client';
import {
  assertDispatchesWorker, assertVisitorGrant, authorization, roomConfigOf, roomOf, serviceAttributes, settings, tokenSourceUrl, verify,
} from './support.mjs';

test('TokenSource.endpoint gets a token LiveKit verifies, carrying dispatch and visitor context', async () => {
  const agentId = settings.dispatchedAgentId;
  const source = TokenSource.endpoint(tokenSourceUrl(agentId), { headers: authorization });
  const options = {
    roomName: 'support-room-001',
    participantIdentity: 'user-123',
    participantName: 'José Núñez',
    participantMetadata: JSON.stringify({ page: '/pricing' }),
    participantAttributes: { plan: 'pro' },
    agentName: settings.liveKitAgentName,
  };

  const response = await source.fetch(options);

  assert.equal(response.serverUrl, settings.liveKitUrl);
  const claims = await verify(response.participantToken);
  assert.equal(claims.iss, settings.liveKitApiKey);
  assert.equal(claims.sub, 'user-123');
  assert.equal(claims.name, 'José Núñez');
  assert.equal(claims.exp - claims.nbf, 3600);
  assertVisitorGrant(claims, roomOf(agentId, 'support-room-001'));
  assert.equal(claims.metadata, '{"page":"/pricing"}');
  assert.deepEqual(claims.attributes, { ...serviceAttributes(agentId, claims), plan: 'pro' });
  assertDispatchesWorker(claims, agentId);

  // The client library's own reading of the token agrees, and it caches the still-valid token.
  assert.equal(source.getCachedResponseJwtPayload().roomConfig.agents[0].agentName, settings.liveKitAgentName);
  assert.equal((await source.fetch(options)).participantToken, response.participantToken);
});

test('TokenSource.endpoint with no options gets a fresh room and identity, dispatch still added', async () => {
  const agentId = settings.dispatchedAgentId;
  const source = TokenSource.endpoint(tokenSourceUrl(agentId), { headers: authorization });

  const claims = await verify((await source.fetch({})).participantToken);

  assert.match(claims.sub, /^visitor-[a-z0-9]{20}$/);
  assert.equal(claims.name, 'Visitor');
  assert.match(claims.video.room, new RegExp(`^${roomOf(agentId, '')}[a-z0-9]{16}$`));
  assert.deepEqual(claims.attributes, serviceAttributes(agentId, claims));
  assert.equal(claims.metadata, undefined);
  assertDispatchesWorker(claims, agentId);
});

test('TokenSource.endpoint with agentName and agentMetadata hands the metadata to the dispatched worker', async () => {
  const agentId = settings.dispatchedAgentId;
  const source = TokenSource.endpoint(tokenSourceUrl(agentId), { headers: authorization });
  const agentMetadata = JSON.stringify({ topic: 'billing', organizationId: 'spoofed' });

  const claims = await verify((await source.fetch({ agentName: settings.liveKitAgentName, agentMetadata })).participantToken);

  // LiveKit's own reading of the dispatch: the service's ids stay authoritative, the client's text rides beside them.
  const dispatch = roomConfigOf(claims).agents[0];
  assert.equal(dispatch.agentName, settings.liveKitAgentName);
  assert.deepEqual(JSON.parse(dispatch.metadata), { agentId, organizationId: settings.organizationId, clientMetadata: agentMetadata });
});
