// README's Node.js example (docs/examples/token-source.mjs), as README shows it and as a user
// runs it: its own folder with livekit-client installed, the demo settings in the environment.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { assertVisitorGrant, authorization, roomOf, settings, verify } from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const example = path.join(root, 'docs/examples/token-source.mjs');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

test('README shows the example verbatim, with the livekit-client version these tests use', () => {
  const { dependencies } = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
  assert.ok(readme.includes(readFileSync(example, 'utf8').trimEnd()), 'README.md no longer contains docs/examples/token-source.mjs');
  assert.ok(readme.includes(`npm i livekit-client@${dependencies['livekit-client']}`), 'README.md names another livekit-client version');
});

test('the example gets a token LiveKit verifies from the running service', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'agentsgt-example-'));
  try {
    symlinkSync(path.join(here, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
    copyFileSync(example, path.join(folder, 'token-source.mjs'));
    const env = { PATH: process.env.PATH, API_URL: settings.apiUrl, AGENT_ID: settings.plainAgentId, API_KEY: authorization.Authorization.slice('Bearer '.length) };

    const { stdout } = await promisify(execFile)(process.execPath, ['token-source.mjs'], { cwd: folder, env });

    const [serverUrl, token] = stdout.trim().split(' ');
    assert.equal(serverUrl, settings.liveKitUrl);
    const claims = await verify(token);
    assert.equal(claims.name, 'John Doe');
    assert.match(claims.video.room, new RegExp(`^${roomOf(settings.plainAgentId, '')}`));
    assertVisitorGrant(claims, claims.video.room);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
