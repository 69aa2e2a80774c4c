/** A throwaway self-signed certificate for one test run, made with openssl (no key ever committed). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pem {
  key: string;
  cert: string;
}

/** Certificates made in one temporary directory; remove() deletes it. */
export function certificateMaker(): { make(name: string, subjectAltName: string): Pem; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'secureedge-tls-'));
  return {
    make(name, subjectAltName) {
      const key = join(dir, `${name}.key`);
      const cert = join(dir, `${name}.crt`);
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          `/CN=${name}`,
          '-addext',
          `subjectAltName=${subjectAltName}`,
        ],
        { stdio: 'ignore' },
      );
      return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
