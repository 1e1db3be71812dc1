// A newcomer's path through Swagger UI, in Debian's headless Chromium (playwright-core, no
// browser download): open /swagger, Authorize with the key pair, "Try it out" on the token
// endpoint, Execute, and read the token, room name and server URL off the page. Then the same
// with a wrong secret, which must show the 401 invalid_key body. Screenshots go to ARTIFACTS_DIR.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { agentId, orgId, apiKey, apiUrl, artifactsDir, chromiumPath, liveKitUrl, wrongKey } from './env.mjs';

// The flags this machine's Chromium needs: no sandbox as root, no GPU, and no background
// network traffic (the network is closed; such connections only slow the start).
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let context;
let page;
let userDataDir;

before(async () => {
  await mkdir(artifactsDir, { recursive: true });
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'agentsgt-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
});

after(async () => {
  await context?.close();
  if (userDataDir) {
    await rm(userDataDir, { recursive: true, force: true });
  }
});

async function authorize(keyPair) {
  // The page's own Authorize button (the dialog has a submit button with the same class).
  await page.locator('button.btn.authorize:not(.modal-btn)').click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  await dialog.waitFor();
  await dialog.getByRole('textbox').fill(keyPair);
  await dialog.getByRole('button', { name: 'Apply credentials' }).click();
  await dialog.getByText('Authorized').waitFor();
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Clicks Execute and returns the status, body and curl command Swagger UI shows for the answer. */
async function execute(operation) {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/livekit/token') && r.request().method() === 'POST'),
    operation.getByRole('button', { name: 'Execute' }).click(),
  ]);
  const shown = operation.locator('.live-responses-table tr.response');
  await shown.locator('.response-col_status', { hasText: String(answer.status()) }).waitFor();
  return {
    status: Number((await shown.locator('.response-col_status').textContent()).trim()),
    body: (await shown.locator('.response-col_description pre').first().textContent()).trim(),
    curl: (await operation.locator('.curl-command').textContent()).trim(),
  };
}

/** Opens Swagger UI afresh, authorizes with the key pair and readies "Try it out" on the token endpoint. */
async function openTokenOperation(keyPair) {
  await page.goto(`${apiUrl}/swagger/index.html`);
  await page.locator('.swagger-ui .info .title').filter({ hasText: 'AgentsGT voice-token API' }).waitFor();
  await authorize(keyPair);
  const operation = page.locator('#operations-VoiceTokens-IssueVoiceToken');
  if (keyPair === apiKey) {
    // What a newcomer sees first: the description, the locked Authorize button, the operation.
    await page.screenshot({ path: path.join(artifactsDir, 'swagger-overview.png') });
  }
  await operation.locator('.opblock-summary').click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  await operation.locator('tr[data-param-name="agentId"] input').fill(agentId);
  return operation;
}

/** The visible page with the curl command Swagger UI ran at the top and the server's response below it. */
async function screenshot(operation, name) {
  await operation.locator('.curl-command').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(artifactsDir, name) });
}

test('Swagger UI: Authorize with pk_…:sk_…, Try it out, Execute: 200 shows token, room and server URL', async () => {
  const operation = await openTokenOperation(apiKey);
  // The body is prefilled with the API page's example request.
  const requestBody = JSON.parse(await operation.locator('textarea.body-param__text').inputValue());
  assert.deepEqual(requestBody, { roomName: 'support-room-001', visitorId: 'user-123', visitorName: 'John Doe' });

  const response = await execute(operation);
  await screenshot(operation, 'swagger-try-it-out-200.png');

  assert.equal(response.status, 200, response.body);
  assert.ok(response.curl.includes(`Authorization: Bearer ${apiKey}`), `Swagger UI sent the key pair as Bearer: ${response.curl}`);
  const body = JSON.parse(response.body);
  assert.match(body.token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(body.roomName, `agentsgt-room-${agentId}-${orgId}-support-room-001`);
  assert.equal(body.serverUrl, liveKitUrl);
  assert.equal(body.visitorId, 'user-123');
});

test('Swagger UI: a wrong secret shows the 401 invalid_key body', async () => {
  const operation = await openTokenOperation(wrongKey);

  const response = await execute(operation);
  await screenshot(operation, 'swagger-try-it-out-401.png');

  assert.equal(response.status, 401, response.body);
  assert.deepEqual(JSON.parse(response.body), { error: 'invalid_key', message: 'Invalid API key' });
});
