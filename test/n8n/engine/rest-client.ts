/**
 * The calls n8n's editor makes to a running `n8n start`, for tests that click through it without a browser:
 * the owner setup of a fresh instance, then the editor's REST endpoints as that owner. Every answer goes to the
 * secret scan.
 */
import { recordForScan } from '../../support/secrets';

/** n8n binds its auth cookie to this header; the editor sends one per browser. */
const BROWSER_ID = 'secureedge-engine-test';

export class N8nRest {
  private authCookie = '';

  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'browser-id': BROWSER_ID,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.authCookie ? { cookie: this.authCookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
    if (setCookie) this.authCookie = setCookie.split(';')[0];
    const text = await res.text();
    recordForScan(`n8n REST ${method} ${path}`, text);
    let parsed: { data?: T } | undefined;
    try {
      parsed = JSON.parse(text) as { data?: T };
    } catch {
      parsed = undefined;
    }
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return { status: res.status, data: (parsed?.data ?? parsed) as T };
  }

  /** A fresh instance's first visit: create the owner account; n8n logs it in. */
  async setupOwner(): Promise<void> {
    await this.call('POST', '/rest/owner/setup', {
      email: 'owner@example.com',
      firstName: 'Engine',
      lastName: 'Test',
      password: 'Engine-Test-0wner',
    });
  }

  async get<T>(path: string): Promise<T> {
    return (await this.call<T>('GET', path)).data;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.call<T>('POST', path, body)).data;
  }
}
