// A web page with a publishable key (pk_… only, nothing secret in it), in Debian's headless
// Chromium: served from the key's allowed origin it gets a voice token; the very same page served
// from another origin is refused by the browser (CORS: fetch rejects), and the service answers a
// direct request carrying that other Origin with 401 invalid_key. scripts/e2e.sh creates the key
// with `keys create --publishable --allowed-origin http://127.0.0.1:$ALLOWED_PORT`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { agentId, apiUrl, artifactsDir, chromiumPath, liveKitUrl } from './env.mjs';

const publishableKey = process.env.PUBLISHABLE_KEY;
const allowedPort = Number(process.env.ALLOWED_ORIGIN_PORT);
const otherPort = Number(process.env.OTHER_ORIGIN_PORT);
if (!publishableKey || !allowedPort || !otherPort) {
  throw new Error('PUBLISHABLE_KEY, ALLOWED_ORIGIN_PORT and OTHER_ORIGIN_PORT are not set: run these tests through scripts/e2e.sh');
}
const allowedOrigin = `http://127.0.0.1:${allowedPort}`;
const otherOrigin = `http://127.0.0.1:${otherPort}`;
const tokenUrl = `${apiUrl}/api/v1/agents/${agentId}/livekit/token`;

const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// What a customer would put in a page: the publishable key and a plain fetch, nothing else.
const widgetPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>Voice widget</title></head>
<body>
<p id="status">idle</p>
<script>
  window.getVoiceToken = async () => {
    const response = await fetch(${JSON.stringify(tokenUrl)}, {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ${publishableKey}', 'Content-Type': 'application/json' },
      body: JSON.stringify({ visitorName: 'Web visitor' }),
    });
    const body = await response.json();
    document.getElementById('status').textContent = response.status + ' ' + (body.roomName ?? body.error);
    return { status: response.status, body };
  };
</script>
</body></html>`;

// README's page (docs/examples/voice-widget.html), served as a customer would after filling in
// its three constants; README must show it verbatim.
const readmePagePath = '/voice-widget.html';
const readmePageSource = await readFile(new URL('../../docs/examples/voice-widget.html', import.meta.url), 'utf8');
const readmePage = readmePageSource
  .replace("'http://localhost:5080'", JSON.stringify(apiUrl))
  .replace("'550e8400-e29b-41d4-a716-446655440000'", JSON.stringify(agentId))
  .replace("'pk_your_publishable_key'", JSON.stringify(publishableKey));

function serve(port) {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(request.url === readmePagePath ? readmePage : widgetPage);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

let servers = [];
let context;
let page;
let userDataDir;

before(async () => {
  await mkdir(artifactsDir, { recursive: true });
  servers = [await serve(allowedPort), await serve(otherPort)];
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'agentsgt-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
});

after(async () => {
  await context?.close();
  if (userDataDir) {
    await rm(userDataDir, { recursive: true, force: true });
  }
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

test('a page on the allowed origin gets a voice token with only the publishable key', async () => {
  await page.goto(`${allowedOrigin}/`);
  assert.ok(!(await page.content()).includes('sk_'), 'nothing secret in the page');

  const result = await page.evaluate(() => window.getVoiceToken());

  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.match(result.body.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.ok(result.body.roomName.startsWith(`agentsgt-room-${agentId}-`), result.body.roomName);
  assert.equal(result.body.serverUrl, liveKitUrl);
  await page.screenshot({ path: path.join(artifactsDir, 'publishable-allowed-origin.png') });
});

test('the same page on another origin is refused by the browser (CORS)', async () => {
  await page.goto(`${otherOrigin}/`);

  const outcome = await page.evaluate(() => window.getVoiceToken().then(
    (r) => ({ resolved: true, status: r.status }),
    (e) => ({ resolved: false, error: String(e) })));

  assert.equal(outcome.resolved, false, `fetch must reject, got ${JSON.stringify(outcome)}`);
  assert.match(outcome.error, /TypeError/);
  await page.screenshot({ path: path.join(artifactsDir, 'publishable-other-origin.png') });
});

test('the service refuses that other origin too, whoever sends it', async () => {
  const preflight = await fetch(tokenUrl, {
    method: 'OPTIONS',
    headers: { Origin: otherOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
  });
  assert.equal(preflight.headers.get('access-control-allow-origin'), null);

  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { Origin: otherOrigin, Authorization: `Bearer ${publishableKey}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), { error: 'invalid_key', message: 'Invalid API key' });
  assert.equal(response.headers.get('access-control-allow-origin'), null);

  const allowed = await fetch(tokenUrl, {
    method: 'OPTIONS',
    headers: { Origin: allowedOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
  });
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get('access-control-allow-origin'), allowedOrigin);
});

test("README's page gets a token with the publishable key, and after a reload rejoins the same room", async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(readmePageSource.trimEnd()), 'README.md no longer contains docs/examples/voice-widget.html');
  assert.notEqual(readmePage, readmePageSource, 'the three constants were filled in');

  await page.goto(`${allowedOrigin}${readmePagePath}`);
  await page.click('#talk');
  await page.waitForFunction(() => document.getElementById('status').textContent !== '');
  const first = await page.textContent('#status');
  assert.match(first, new RegExp(`^joining agentsgt-room-${agentId}-`));

  await page.reload();
  await page.click('#talk');
  await page.waitForFunction(() => document.getElementById('status').textContent !== '');
  assert.equal(await page.textContent('#status'), first);
  await page.screenshot({ path: path.join(artifactsDir, 'readme-voice-widget.png') });
});
