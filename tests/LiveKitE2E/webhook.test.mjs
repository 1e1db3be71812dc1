// LiveKit's webhooks as LiveKit's server sends them: a WebhookEvent in protojson, signed with the
// server SDK's AccessToken carrying the body's sha256 (what the server's webhook notifier does),
// checked first against the SDK's own WebhookReceiver, then delivered to the service.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { AccessToken, WebhookEvent, WebhookReceiver } from 'livekit-server-sdk';
import { authorization, roomConfigOf, settings, tokenUrl, verify } from './support.mjs';

const webhookUrl = `${settings.apiUrl}/api/v1/livekit/webhook`;

async function sign(body, apiKey = settings.liveKitApiKey, apiSecret = settings.liveKitApiSecret) {
  const token = new AccessToken(apiKey, apiSecret, { ttl: '5m' });
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

function deliver(body, jwt) {
  const headers = { 'Content-Type': 'application/webhook+json' };
  if (jwt !== undefined) {
    headers.Authorization = jwt;
  }
  return fetch(webhookUrl, { method: 'POST', headers, body });
}

async function issueVisitor() {
  const response = await fetch(tokenUrl(settings.dispatchedAgentId), { method: 'POST', headers: { ...authorization, 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(response.status, 200);
  return response.json();
}

// The SDK's WebhookEvent resets `event` in its constructor: set it after.
function protojson(type, fields) {
  const event = new WebhookEvent(fields);
  event.event = type;
  return event.toJsonString();
}

function joinedEvent(issued, claims, id = `EV_${crypto.randomUUID().replaceAll('-', '')}`) {
  return protojson('participant_joined', {
    id,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    room: { sid: 'RM_e2e', name: issued.roomName, maxParticipants: 1, departureTimeout: 10 },
    participant: { sid: 'PA_e2e', identity: issued.visitorId, name: 'Visitor', attributes: claims.attributes, joinedAt: BigInt(Math.floor(Date.now() / 1000)) },
  });
}

test('every token names its session, and a random room holds one visitor', async () => {
  const issued = await issueVisitor();
  const claims = await verify(issued.token);

  assert.equal(claims.attributes['agentsgt.sessionId'], issued.sessionId);
  assert.equal(issued.maxSessionSeconds, 3600);
  const roomConfig = roomConfigOf(claims);
  assert.equal(roomConfig.maxParticipants, 1);
  assert.equal(roomConfig.departureTimeout, 10);
});

test('a webhook signed as LiveKit signs it is accepted, once or twice', async () => {
  const issued = await issueVisitor();
  const body = joinedEvent(issued, await verify(issued.token));
  const jwt = await sign(body);

  // The SDK's own receiver agrees this is LiveKit's signature of this body.
  const received = await new WebhookReceiver(settings.liveKitApiKey, settings.liveKitApiSecret).receive(body, jwt);
  assert.equal(received.participant.attributes['agentsgt.sessionId'], issued.sessionId);

  for (let delivery = 0; delivery < 2; delivery++) {
    const response = await deliver(body, jwt);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {});
  }
});

test('other events and participants without a session are accepted and ignored', async () => {
  const body = protojson('participant_joined', {
    id: `EV_${crypto.randomUUID().replaceAll('-', '')}`,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    room: { sid: 'RM_e2e', name: 'some-room' },
    participant: { sid: 'PA_agent', identity: 'agent-AJ_e2e', kind: 4 },
  });

  const response = await deliver(body, await sign(body));

  assert.equal(response.status, 200);
});

test('a changed byte, another API key, a missing header: 401 invalid_signature', async () => {
  const issued = await issueVisitor();
  const body = joinedEvent(issued, await verify(issued.token));
  const jwt = await sign(body);

  const attempts = [
    deliver(body.replace('participant_joined', 'participant_joinee'), jwt),
    deliver(body, await sign(body, 'APIotherkey', settings.liveKitApiSecret)),
    deliver(body, await sign(body, settings.liveKitApiKey, 'another-secret')),
    deliver(body, `Bearer ${jwt}`),
    deliver(body),
  ];
  for (const response of await Promise.all(attempts)) {
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: 'invalid_signature', message: 'Invalid webhook signature' });
  }
});
