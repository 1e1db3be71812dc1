// API_URL, AGENT_ID and API_KEY from .data/demo.env, which ./scripts/run.sh writes.
import { TokenSource } from 'livekit-client';

const { API_URL, AGENT_ID, API_KEY } = process.env; // API_KEY is pk_…:sk_…: server-side code only
const tokenSource = TokenSource.endpoint(`${API_URL}/api/v1/agents/${AGENT_ID}/livekit/token-source`, {
  headers: { Authorization: `Bearer ${API_KEY}` },
});
const { serverUrl, participantToken } = await tokenSource.fetch({ participantName: 'John Doe' });
console.log(serverUrl, participantToken);
