// A publishable key (public, copyable from any page) against the running service on Kestrel:
// it never gets a room or an identity it was not itself issued, and only its resume token rejoins.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenSource } from 'livekit-client';
import { authorization, publishableHeaders, roomOf, settings, tokenSourceUrl, tokenUrl, verify } from './support.mjs';

async function post(url, headers, body) {
  const response = await fetch(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

test('TokenSource.endpoint with a publishable key gets a fresh room and identity, whatever it asks for', async () => {
  const agentId = settings.dispatchedAgentId;
  const source = TokenSource.endpoint(tokenSourceUrl(agentId), { headers: publishableHeaders });

  const claims = await verify((await source.fetch({ roomName: 'support-room-001', participantIdentity: 'user-123', participantName: 'Web visitor' })).participantToken);

  assert.notEqual(claims.video.room, roomOf(agentId, 'support-room-001'));
  assert.match(claims.video.room, new RegExp(`^${roomOf(agentId, '')}[a-z0-9]{16}$`));
  assert.match(claims.sub, /^visitor-[a-z0-9]{20}$/);
  assert.equal(claims.name, 'Web visitor');
});

test('a room a trusted server chose, and its visitor, are out of a publishable key\'s reach', async () => {
  const agentId = settings.plainAgentId;
  const server = await post(tokenUrl(agentId), authorization, { roomName: 'support-room-001', visitorId: 'user-123' });
  assert.equal(server.status, 200);
  assert.equal(server.body.resumeToken, undefined, 'secret keys get no resume token');

  const page = await post(tokenUrl(agentId), publishableHeaders, { roomName: server.body.roomName, visitorId: 'user-123' });

  assert.equal(page.status, 200);
  const claims = await verify(page.body.token);
  assert.notEqual(claims.video.room, server.body.roomName);
  assert.notEqual(claims.sub, 'user-123');
});

test('the resume token rejoins that room as that visitor, and only with that key and agent', async () => {
  const agentId = settings.plainAgentId;
  const first = await post(tokenUrl(agentId), publishableHeaders, {});
  assert.equal(first.status, 200);

  const again = await post(tokenSourceUrl(agentId), publishableHeaders, { resume_token: first.body.resumeToken, participant_name: 'Back again' });

  assert.equal(again.status, 201);
  const claims = await verify(again.body.participant_token);
  assert.equal(claims.video.room, first.body.roomName);
  assert.equal(claims.sub, first.body.visitorId);
  assert.equal(claims.name, 'Back again');
  assert.ok(again.body.resume_token);

  const otherAgent = await post(tokenUrl(settings.dispatchedAgentId), publishableHeaders, { resumeToken: first.body.resumeToken });
  assert.equal(otherAgent.status, 400);
  assert.deepEqual(Object.keys(otherAgent.body.details), ['resumeToken']);

  const [head, payload, signature] = first.body.resumeToken.split('.');
  const modified = await post(tokenUrl(agentId), publishableHeaders, { resumeToken: `${head}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}` });
  assert.equal(modified.status, 400);
  assert.equal(modified.body.error, 'validation_error');
});
