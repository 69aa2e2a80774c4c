/**
 * `npm run start:n8n` (scripts/start-n8n.mjs): the pinned n8n 2.41.1 on 127.0.0.1 with this package, the simulator
 * and the example workflows. The test runs the script as a user would, then does what a user does in the editor,
 * through the editor's own REST calls: create the owner account, find the examples and the credential, press the
 * credential's Test button (right and wrong password, unreachable device), open the node's lists of containers,
 * images and tags; then Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { defaultSeedImages } from '../../simulator';
import { recordForScan, TEST_PASSWORD } from '../support/secrets';
import { ensureEngineInstalled, REPO_ROOT } from './engine/harness';
import { N8nRest } from './engine/rest-client';
import { exampleWorkflow, CREDENTIAL_TYPE, SECUREEDGE_NODE } from './engine/workflows';

const START_MS = 10 * 60_000;
const STEP_MS = 60_000;
/** What the editor sends for a stored secret the user did not retype: "use the saved one". */
const STORED_SECRET = '__n8n_BLANK_VALUE_e5362baf-c777-4d57-a609-6eaf1f9e87f6';
const CREDENTIAL = { id: 'secureEdgeAccount1', name: 'SecureEdge account' };
const EXAMPLE_NAMES = ['nightly-redeploy.json', 'nightly-ensure.json', 'health-check.json', 'inventory.json'].map(
  (f) => exampleWorkflow(f).name,
);

let script: ChildProcess;
let output = '';
let exited: Promise<number | null>;
let userFolder: string;
let editorUrl: string;
let deviceUrl: string;
let rest: N8nRest;

/** Resolves with the first match of `pattern` in the script's output. */
function waitForOutput(pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = output.match(pattern);
      if (match) return resolve(match);
      if (script.exitCode !== null) return reject(new Error(`start-n8n exited (${script.exitCode}):\n${output.slice(-3000)}`));
      setTimeout(check, 200);
    };
    check();
  });
}

beforeAll(async () => {
  ensureEngineInstalled();
  userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-start-script-'));
  const nodeBinDir = path.join(REPO_ROOT, 'node_modules', '.bin');
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH}` };
  delete env.NODE_ENV;
  script = spawn(path.join(nodeBinDir, 'node'), [path.join(REPO_ROOT, 'scripts', 'start-n8n.mjs')], {
    cwd: REPO_ROOT,
    env: {
      ...env,
      SECUREEDGE_N8N_DIR: userFolder,
      SECUREEDGE_N8N_PORT: '0',
      SECUREEDGE_DEMO_DEVICE_PORT: '0',
      SECUREEDGE_DEMO_PASSWORD: TEST_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => script.on('exit', (code) => resolve(code)));
  for (const stream of [script.stdout!, script.stderr!]) {
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      recordForScan('start-n8n output', chunk.toString('utf8'));
    });
  }
  [, editorUrl] = await waitForOutput(/n8n editor:\s+(http:\/\/127\.0\.0\.1:\d+)\//);
  [, deviceUrl] = await waitForOutput(/Simulated device:\s+(http:\/\/127\.0\.0\.1:\d+)/);
  await waitForOutput(/Press Ctrl-C to stop/);
  rest = new N8nRest(editorUrl);
}, START_MS);

afterAll(async () => {
  if (script && script.exitCode === null) {
    script.kill('SIGTERM'); // the script stops n8n (its own process group) and the simulator
    await exited;
  }
  fs.rmSync(userFolder, { recursive: true, force: true });
});

test('prints the editor, the device and the examples, but not the device password; n8n is up on 127.0.0.1', async () => {
  expect(output).toContain('password as set in SECUREEDGE_DEMO_PASSWORD');
  for (const name of EXAMPLE_NAMES) expect(output).toContain(name);
  const health = await fetch(`${editorUrl}/healthz`);
  expect(health.status).toBe(200);
});

test(
  'after the owner setup, the example workflows and the "SecureEdge account" credential are there',
  async () => {
    await rest.setupOwner();
    const workflows = await rest.get<Array<{ name: string }>>('/rest/workflows');
    expect(workflows.map((w) => w.name).sort()).toEqual([...EXAMPLE_NAMES].sort());
    const credentials = await rest.get<Array<{ id: string; name: string; type: string }>>('/rest/credentials');
    expect(credentials).toEqual(expect.arrayContaining([expect.objectContaining({ ...CREDENTIAL, type: CREDENTIAL_TYPE })]));
  },
  STEP_MS,
);

describe("the credential's Test button", () => {
  const test_ = (data: Record<string, unknown>) =>
    rest.post<{ status: string; message: string }>('/rest/credentials/test', {
      credentials: {
        ...CREDENTIAL,
        type: CREDENTIAL_TYPE,
        data: { url: deviceUrl, username: 'admin', ignoreSSLIssues: false, ...data },
      },
    });

  test(
    'with the saved password: connected',
    async () => {
      const result = await test_({ password: STORED_SECRET });
      expect(result.status).toBe('OK');
    },
    STEP_MS,
  );

  test(
    'with a wrong password: says the device refused the login and to check the password',
    async () => {
      const result = await test_({ password: 'not-the-sticker-password' });
      expect(result.status).toBe('Error');
      expect(result.message).toMatch(/refused the login/i);
      expect(result.message).toMatch(/password/i);
    },
    STEP_MS,
  );

  test(
    'with a URL where nothing answers: says the device cannot be reached',
    async () => {
      const result = await test_({ url: 'http://127.0.0.1:9', password: STORED_SECRET });
      expect(result.status).toBe('Error');
      expect(result.message).toContain('127.0.0.1:9');
    },
    STEP_MS,
  );
});

describe("the node's lists, as the editor fills them from the device", () => {
  const search = (methodName: string, path: string, currentNodeParameters: Record<string, unknown>) =>
    rest.post<{ results: Array<{ name: string; value: string }> }>('/rest/dynamic-node-parameters/resource-locator-results', {
      nodeTypeAndVersion: { name: SECUREEDGE_NODE, version: 1 },
      methodName,
      path,
      currentNodeParameters,
      credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
      filter: '',
    });

  test(
    'containers',
    async () => {
      const { results } = await search('searchContainers', 'containerName', { resource: 'container', operation: 'getStatus' });
      // The script seeds a running `web` and a stopped `broker`.
      expect(results.map((r) => r.value)).toEqual(['broker', 'web']);
    },
    STEP_MS,
  );

  test(
    'images, and the tags of the chosen image',
    async () => {
      const seeded = defaultSeedImages(); // the script's simulator holds the default images
      const images = await search('searchImages', 'imageName', { resource: 'image', operation: 'getDetails' });
      expect(images.results.map((r) => r.value)).toEqual([...new Set(seeded.map((i) => i.name))].sort());
      const chosen = seeded[seeded.length - 1];
      const tags = await search('searchImageTags', 'imageTag', {
        resource: 'image',
        operation: 'getDetails',
        imageName: { __rl: true, mode: 'list', value: chosen.name },
      });
      expect(tags.results.map((r) => r.value)).toEqual(
        seeded
          .filter((i) => i.name === chosen.name)
          .map((i) => i.tag)
          .sort(),
      );
    },
    STEP_MS,
  );
});

test(
  'Ctrl-C stops n8n and the simulator, and the script ends with exit code 0',
  async () => {
    script.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/Ctrl-C: stopping n8n and the simulator[\s\S]*stopped\./);
    await expect(fetch(`${editorUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(`${deviceUrl}/`)).rejects.toThrow();
  },
  STEP_MS,
);
