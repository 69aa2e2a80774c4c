/**
 * Imported before anything from n8n-core: n8n-core's InstanceSettings writes its config (with an
 * encryption key) under N8N_USER_FOLDER, which would otherwise be $HOME/.n8n.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const userFolder = mkdtempSync(join(tmpdir(), 'secureedge-n8n-'));
process.env.N8N_USER_FOLDER = userFolder;
// Nothing in a test should phone home.
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';

const removeUserFolder = () => rmSync(userFolder, { recursive: true, force: true });
// Under Jest a worker process outlives a test file, so the folder goes with the file; elsewhere
// (the bench) with the process.
if (typeof afterAll === 'function') afterAll(removeUserFolder);
else process.on('exit', removeUserFolder);
