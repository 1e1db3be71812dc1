// What a client may not ask for surfaces through TokenSource.endpoint as the service's 4xx answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenSource } from 'livekit-client';
import { authorization, settings, tokenSourceUrl } from './support.mjs';

const source = () => TokenSource.endpoint(tokenSourceUrl(settings.dispatchedAgentId), { headers: authorization });

test('another worker name is a 400 naming room_config.agents[0].agent_name', async () => {
  await assert.rejects(source().fetch({ agentName: 'someone-else' }), /received 400 .*validation_error.*room_config\.agents\[0\]\.agent_name/);
});

test('deployment may not be set by the client, nor agent metadata without naming the agent', async () => {
  await assert.rejects(source().fetch({ agentName: settings.liveKitAgentName, deployment: 'staging' }), /received 400 .*room_config\.agents\[0\]\.deployment/);
  await assert.rejects(source().fetch({ agentMetadata: '{"x":1}' }), /received 400 .*room_config\.agents\[0\]\.agent_name/);
  await assert.rejects(source().fetch({ agentName: settings.liveKitAgentName, agentMetadata: 'x'.repeat(4097) }), /received 400 .*room_config\.agents\[0\]\.metadata/);
});

test('attributes under the service prefix are refused', async () => {
  await assert.rejects(source().fetch({ participantAttributes: { 'agentsgt.agentId': 'spoofed' } }), /received 400 .*participant_attributes/);
});

test('a wrong secret is a 401 invalid_key', async () => {
  const [publicKey] = settings.apiKey.split(':');
  const wrong = TokenSource.endpoint(tokenSourceUrl(settings.dispatchedAgentId), { headers: { Authorization: `Bearer ${publicKey}:sk_wrongSecret123` } });

  await assert.rejects(wrong.fetch({}), /received 401 .*invalid_key/);
});
