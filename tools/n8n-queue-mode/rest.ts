/**
 * The editor's REST calls to the cluster's main, as its owner: set up the owner of a fresh instance, save
 * credentials and workflows, activate them, read executions. Every answer goes to `onAnswer` (the tests' secret
 * scan; nothing in the bench).
 */

/** n8n binds its auth cookie to this header; the editor sends one per browser. */
const BROWSER_ID = 'secureedge-queue-mode';

export class ClusterRest {
  private authCookie = '';

  constructor(
    readonly baseUrl: string,
    private readonly onAnswer: (source: string, text: string) => void = () => {},
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'browser-id': BROWSER_ID,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.authCookie ? { cookie: this.authCookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
    if (setCookie) this.authCookie = setCookie.split(';')[0];
    const text = await res.text();
    this.onAnswer(`n8n REST ${method} ${path}`, text);
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    const parsed = text ? (JSON.parse(text) as { data?: T }) : {};
    return (parsed.data ?? parsed) as T;
  }

  async setupOwner(): Promise<void> {
    await this.call('POST', '/rest/owner/setup', {
      email: 'owner@example.com',
      firstName: 'Queue',
      lastName: 'Mode',
      password: 'Queue-Mode-0wner',
    });
  }

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }
}
