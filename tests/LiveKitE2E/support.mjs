// Shared by the end-to-end tests: settings from the NUnit fixture that started the API
// (tests/Api.IntegrationTests/LiveKitClientEndToEndTests.cs), and LiveKit's own token readers.
import assert from 'node:assert/strict';
import { RoomConfiguration, TokenVerifier } from 'livekit-server-sdk';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run these tests through LiveKitClientEndToEndTests (scripts/test.sh does)`);
  }
  return value;
}

export const settings = {
  apiUrl: required('AGENTSGT_API_URL'),
  apiKey: required('AGENTSGT_API_KEY'),
  organizationId: required('AGENTSGT_ORGANIZATION_ID'),
  dispatchedAgentId: required('AGENTSGT_DISPATCHED_AGENT_ID'),
  liveKitAgentName: required('AGENTSGT_LIVEKIT_AGENT_NAME'),
  plainAgentId: required('AGENTSGT_PLAIN_AGENT_ID'),
  publishableKey: required('AGENTSGT_PUBLISHABLE_KEY'),
  publishableOrigin: required('AGENTSGT_PUBLISHABLE_ORIGIN'),
  liveKitUrl: required('LIVEKIT_URL'),
  liveKitApiKey: required('LIVEKIT_API_KEY'),
  liveKitApiSecret: required('LIVEKIT_API_SECRET'),
};

export const authorization = { Authorization: `Bearer ${settings.apiKey}` };

/** A web page's headers: the publishable key alone, from its allowed origin (Node's fetch may set Origin, as curl can). */
export const publishableHeaders = { Authorization: `Bearer ${settings.publishableKey}`, Origin: settings.publishableOrigin };

export const tokenSourceUrl = (agentId) => `${settings.apiUrl}/api/v1/agents/${agentId}/livekit/token-source`;

export const tokenUrl = (agentId) => `${settings.apiUrl}/api/v1/agents/${agentId}/livekit/token`;

export const roomOf = (agentId, suffix) => `agentsgt-room-${agentId}-${settings.organizationId}-${suffix}`;

/** Verifies signature, issuer and expiry the way LiveKit's server SDK does; returns the claims. */
export async function verify(token) {
  return new TokenVerifier(settings.liveKitApiKey, settings.liveKitApiSecret).verify(token);
}

/** The contract's visitor grant, and nothing more. */
export function assertVisitorGrant(claims, room) {
  assert.deepEqual(claims.video, { room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
}

/** roomConfig as LiveKit reads it: protobuf JSON, unknown fields rejected. */
export function roomConfigOf(claims) {
  return claims.roomConfig === undefined ? undefined : RoomConfiguration.fromJson(claims.roomConfig);
}

/** The explicit dispatch of the agent's worker, with the agent and organization ids as job metadata. */
export function assertDispatchesWorker(claims, agentId) {
  const roomConfig = roomConfigOf(claims);
  assert.ok(roomConfig, 'token carries a roomConfig');
  assert.equal(roomConfig.agents.length, 1);
  assert.equal(roomConfig.agents[0].agentName, settings.liveKitAgentName);
  assert.deepEqual(JSON.parse(roomConfig.agents[0].metadata), { agentId, organizationId: settings.organizationId });
}

export function serviceAttributes(agentId, claims) {
  const sessionId = claims.attributes['agentsgt.sessionId'];
  assert.match(sessionId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  return { 'agentsgt.agentId': agentId, 'agentsgt.organizationId': settings.organizationId, 'agentsgt.sessionId': sessionId };
}
