// Settings scripts/e2e.sh passes in: the running service, its seeded demo key and where to write.
import path from 'node:path';

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through scripts/e2e.sh`);
  }
  return value;
}

export const apiUrl = required('API_URL');
export const agentId = required('AGENT_ID');
export const orgId = required('ORG_ID');
export const apiKey = required('API_KEY');
export const liveKitUrl = required('LIVEKIT_URL');
export const liveKitSecret = required('LIVEKIT_API_SECRET');
export const apiLog = process.env.API_LOG;
export const artifactsDir = path.resolve(process.env.ARTIFACTS_DIR ?? '../../artifacts/browser');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const [publicKey, secret] = [apiKey.slice(0, apiKey.indexOf(':')), apiKey.slice(apiKey.indexOf(':') + 1)];
export const wrongKey = `${publicKey}:sk_thisIsNotTheSecret0123456789`;
export const tokenPath = `/api/v1/agents/${agentId}/livekit/token`;
