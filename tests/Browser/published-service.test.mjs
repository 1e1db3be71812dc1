// The published service, started by scripts/e2e.sh with environment variables only: it is
// ready, issues a real token, refuses a wrong secret, and logs JSON lines without secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { apiUrl, apiKey, apiLog, liveKitSecret, liveKitUrl, secret, tokenPath, wrongKey, agentId } from './env.mjs';

async function postToken(authorization, body) {
  return fetch(apiUrl + tokenPath, {
    method: 'POST',
    headers: { Authorization: `Bearer ${authorization}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

let issuedToken;

test('GET /health/live answers 200 Healthy', async () => {
  const response = await fetch(`${apiUrl}/health/live`);
  assert.equal(response.status, 200);
  assert.equal((await response.json()).status, 'Healthy');
});

test('GET /health/ready answers 200: database migrated, LiveKit configured', async () => {
  const response = await fetch(`${apiUrl}/health/ready`);
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(body.status, 'Healthy');
  assert.equal(body.checks.database.status, 'Healthy');
  assert.equal(body.checks.livekit.status, 'Healthy');
});

test('POST the token endpoint with the seeded key answers 200 with a signed LiveKit token', async () => {
  const response = await postToken(apiKey, { visitorName: 'John Doe' });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(body.serverUrl, liveKitUrl);
  assert.match(body.roomName, new RegExp(`^agentsgt-room-${agentId}-`));

  const [header, payload, signature] = body.token.split('.');
  const expected = createHmac('sha256', liveKitSecret).update(`${header}.${payload}`).digest('base64url');
  assert.equal(signature, expected, 'signed with the configured LiveKit secret');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  assert.equal(claims.name, 'John Doe');
  assert.equal(claims.video.room, body.roomName);
  issuedToken = body.token;
});

test('POST with a wrong secret answers 401 invalid_key', async () => {
  const response = await postToken(wrongKey, {});
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), { error: 'invalid_key', message: 'Invalid API key' });
});

test('the service logs JSON lines (Production) and never the secret or the token', async (t) => {
  if (!apiLog) {
    t.skip('API_LOG not set');
    return;
  }
  // Console logging is asynchronous: give the last lines a moment to land.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const log = await readFile(apiLog, 'utf8');
  const lines = log.split('\n').filter((line) => line.trim() !== '');
  assert.ok(lines.length > 0, 'the service logged its start');
  for (const line of lines) {
    assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
  }
  assert.ok(!log.includes(secret), 'the API key secret is in the log');
  assert.ok(!log.includes(liveKitSecret), 'the LiveKit secret is in the log');
  assert.ok(issuedToken && !log.includes(issuedToken), 'the issued token is in the log');
});
