// scripts/run.sh and scripts/agentsgt as a newcomer runs them, on a temporary data folder and free
// ports: the banner only once the service listens, a second run.sh that cannot harm the first, and
// the CLI wrapper with no exports. Run by scripts/e2e.sh.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const data = mkdtempSync(path.join(tmpdir(), 'agentsgt-run-'));
const startTimeout = 600_000;

// Only what a fresh shell would have: nothing from the e2e run's own service settings.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) =>
  !/^(LIVEKIT_|LiveKit__|API_|ORG_ID|AGENT_ID|PORT$|AGENTSGT_|ASPNETCORE_|ConnectionStrings__|ApiKeys__|RateLimiting__|PUBLISHABLE_)/.test(name)));

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const listening = (port) => new Promise((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/** Starts a script; `banner` resolves when it printed "Try it:", `exited` with its exit code. */
function start(script, args, env) {
  const child = spawn('bash', [script, ...args], { cwd: root, env: { ...baseEnv, AGENTSGT_DATA: data, ...env } });
  let output = '';
  let stdout = '';
  let onOutput = () => {};
  const collect = (chunk) => { output += chunk; onOutput(); };
  child.stdout.on('data', (chunk) => { stdout += chunk; collect(chunk); });
  child.stderr.on('data', collect);
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const banner = new Promise((resolve, reject) => {
    onOutput = () => output.includes('Try it:') && resolve();
    exited.then((code) => reject(new Error(`${script} exited (${code}) before its banner:\n${output}`)));
  });
  banner.catch(() => {}); // awaited only by the tests that expect a banner
  return { child, exited, banner, output: () => output, stdout: () => stdout };
}

async function run(script, args, env = {}) {
  const started = start(script, args, env);
  const code = await started.exited;
  return { code, output: started.output(), stdout: started.stdout() };
}

const ready = async (port) => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status;

let first;
let firstPort;
let pgPort;
let demo;

before(async () => {
  firstPort = await freePort();
  pgPort = await freePort();
  first = start('scripts/run.sh', [], { PORT: String(firstPort), AGENTSGT_PGPORT: String(pgPort) });
  await first.banner;
  demo = Object.fromEntries(readFileSync(path.join(data, 'demo.env'), 'utf8').trim().split('\n').map((line) => line.split(/=(.*)/s, 2)));
}, { timeout: startTimeout });

after(async () => {
  if (first.child.exitCode === null) {
    first.child.kill('SIGTERM');
    await first.exited;
  }
  rmSync(data, { recursive: true, force: true });
});

test('the banner comes once the service listens, with the dev LiveKit settings, and no colour codes off a terminal', () => {
  const output = first.output();
  assert.ok(output.indexOf('Now listening on') < output.indexOf('Try it:'), output);
  assert.match(output, /LiveKit {8}ws:\/\/localhost:7880 \(key devkey\)/);
  assert.doesNotMatch(output, /\x1b\[/);
  assert.match(output, /^==> building$/m);
});

test('a second run.sh on the same port says so in one line, exits 1, and the first keeps its database', async () => {
  const second = await run('scripts/run.sh', [], { PORT: String(firstPort), AGENTSGT_PGPORT: String(await freePort()) });

  assert.equal(second.code, 1);
  assert.equal(second.output, `error: port ${firstPort} is in use (another ./scripts/run.sh?): PORT=${firstPort + 1} ./scripts/run.sh runs a second instance\n`);
  assert.equal(await ready(firstPort), 200);
});

test('a bad setting stops run.sh with one error line and no banner, and the first keeps its database', async () => {
  const bad = await run('scripts/run.sh', [], { PORT: String(await freePort()), RateLimiting__PerKeyTokenLimit: 'ten' });

  assert.notEqual(bad.code, 0);
  assert.match(bad.output, /^error: invalid configuration: RateLimiting:PerKeyTokenLimit must be a whole number\.$/m);
  assert.doesNotMatch(bad.output, /Try it:|   at /);
  assert.equal(await ready(firstPort), 200);
});

test('LIVEKIT_URL alone keeps the dev key and secret; a second instance shares the database and stopping it leaves it up', async (t) => {
  const port = await freePort();
  const second = start('scripts/run.sh', [], { PORT: String(port), LIVEKIT_URL: 'wss://livekit.run-test.example' });
  t.after(() => second.child.kill('SIGTERM'));
  await second.banner;
  assert.match(second.output(), /LiveKit {8}wss:\/\/livekit\.run-test\.example \(key devkey\)/);
  assert.match(second.output(), /using the PostgreSQL already running/);

  const response = await fetch(`http://127.0.0.1:${port}/api/v1/agents/${demo.AGENT_ID}/livekit/token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${demo.API_KEY}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  assert.equal(response.status, 200);
  assert.equal((await response.json()).serverUrl, 'wss://livekit.run-test.example');

  second.child.kill('SIGTERM');
  assert.equal(await second.exited, 143);
  assert.match(second.output(), /leaving PostgreSQL running for the other run\.sh/);
  assert.equal(await ready(firstPort), 200);
}, { timeout: startTimeout });

test('scripts/agentsgt creates, lists and revokes a key on the local instance with no exports', async () => {
  const created = await run('scripts/agentsgt', ['keys', 'create', '--org', demo.ORG_ID, '--name', 'walk-through', '--json']);
  assert.equal(created.code, 0, created.output);
  const { publicKey, secret } = JSON.parse(created.stdout);
  const token = () => fetch(`http://127.0.0.1:${firstPort}/api/v1/agents/${demo.AGENT_ID}/livekit/token`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${publicKey}:${secret}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  assert.equal((await token()).status, 200);

  const listed = await run('scripts/agentsgt', ['keys', 'list', '--org', demo.ORG_ID]);
  assert.equal(listed.code, 0, listed.output);
  assert.match(listed.output, new RegExp(`${publicKey} +secret-key +walk-through +active`));

  const revoked = await run('scripts/agentsgt', ['keys', 'revoke', publicKey]);
  assert.equal(revoked.code, 0, revoked.output);
  assert.equal((await token()).status, 401);
});

test('stopping the first run.sh stops the PostgreSQL it started; the wrapper then says to start run.sh', async () => {
  first.child.kill('SIGTERM');
  assert.equal(await first.exited, 143);
  assert.match(first.output(), /==> stopping PostgreSQL/);
  assert.equal(await listening(pgPort), false);

  const wrapper = await run('scripts/agentsgt', ['orgs', 'list']);
  assert.equal(wrapper.code, 1);
  assert.match(wrapper.output, /^error: the database of \.\/scripts\/run\.sh is not running .*: start \.\/scripts\/run\.sh first\n$/);
});
