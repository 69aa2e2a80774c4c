/**
 * This package as its registries see it: package.json, the files `npm pack` would put in the
 * tarball (a dry run: nothing is written), the repository's web address and README anchors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, runNpm } from '../../tools/process.cjs';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface PackageJson {
  name: string;
  version: string;
  license?: string;
  keywords?: string[];
  homepage?: string;
  repository?: { type?: string; url?: string; directory?: string } | string;
  bugs?: { url?: string; email?: string } | string;
  engines?: Record<string, string>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  publishConfig?: Record<string, unknown>;
  'node-red'?: { version?: string; nodes?: Record<string, string> };
  n8n?: { nodes?: string[]; credentials?: string[] };
  [key: string]: unknown;
}

export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

/** The paths (relative, with /) `npm pack` would put into the tarball. */
export async function packedFiles(): Promise<string[]> {
  const out = await runNpm(['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, env: cleanEnv() });
  const [info] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return info.files.map((f) => f.path).sort();
}

/** "https://github.com/o/r" from package.json's repository ("git+https://github.com/o/r.git"). */
export function repositoryWebUrl(pkg: PackageJson = packageJson()): string {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!url) throw new Error('package.json has no repository url');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** The anchors GitHub gives the README's headings (lower case, punctuation dropped, spaces to hyphens). */
export function readmeAnchors(): Set<string> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of readme.split('\n')) {
    if (/^```/.test(line)) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = base;
    for (let i = 1; anchors.has(anchor); i++) anchor = `${base}-${i}`;
    anchors.add(anchor);
  }
  return anchors;
}
