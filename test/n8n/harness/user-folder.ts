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

afterAll(() => rmSync(userFolder, { recursive: true, force: true }));
