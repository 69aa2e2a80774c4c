/** Login, the `id` cookie, and how rejected sessions are answered under every switch. */
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator';
import { login, loginRequest, send, sleep } from './helpers';

const sims: RunningSimulator[] = [];
async function start(o: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator(o);
  sims.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

function getImages(sim: RunningSimulator, cookie?: string) {
  return send(`${sim.url}/api/v1/docker/images`, { headers: cookie ? { cookie } : {} });
}

describe('login', () => {
  test('defaults: 127.0.0.1, password "secureedge", 200 with an id cookie', async () => {
    const sim = await start();
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.password).toBe('secureedge');
    const res = await loginRequest(sim, 'secureedge');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toHaveLength(1);
  });

  test('cookie: HttpOnly, Path=/, Expires a day ahead, value with + / = that works only unchanged', async () => {
    const sim = await start({ password: 'p@ss w0rd&=' });
    const before = Date.now();
    const res = await loginRequest(sim, 'p@ss w0rd&=');
    const [setCookie] = res.headers.getSetCookie();
    const parts = setCookie.split('; ');
    const value = parts[0].slice('id='.length);
    expect(parts[0].startsWith('id=')).toBe(true);
    expect(value).toMatch(/^[A-Za-z0-9+/]+=+$/);
    expect(value).toContain('+');
    expect(value).toContain('/');
    expect(value.endsWith('=')).toBe(true);
    expect(parts).toContain('HttpOnly');
    expect(parts).toContain('Path=/');
    const expires = parts.find((p) => p.startsWith('Expires='))!.slice('Expires='.length);
    expect(expires).toMatch(/GMT$/);
    const expiresMs = Date.parse(expires);
    expect(Math.abs(expiresMs - (before + 24 * 3600 * 1000))).toBeLessThan(5000);

    expect((await getImages(sim, `id=${value}`)).status).toBe(200);
    // A client that encodes, quotes or cuts the value at '=' loses the session.
    expect((await getImages(sim, `id=${encodeURIComponent(value)}`)).status).toBe(401);
    expect((await getImages(sim, `id="${value}"`)).status).toBe(401);
    expect((await getImages(sim, `id=${value.replace(/=+$/, '')}`)).status).toBe(401);
    // Other cookies beside it do not matter.
    expect((await getImages(sim, `theme=dark; id=${value}; lang=en`)).status).toBe(200);
  });

  test('every login gets a new, different session; older ones stay valid', async () => {
    const sim = await start();
    const values = await Promise.all(Array.from({ length: 20 }, () => login(sim)));
    expect(new Set(values).size).toBe(20);
    expect(sim.control.issuedSessionCookies().sort()).toEqual(values.map((v) => v.slice(3)).sort());
    for (const v of values) {
      expect(v).toMatch(/^id=[A-Za-z0-9+/]+=+$/);
      expect(v).toContain('+');
      expect(v).toContain('/');
    }
    expect((await getImages(sim, values[0])).status).toBe(200);
  });

  test.each([204, 302] as const)('loginSuccessStatus %d still sets the cookie', async (status) => {
    const sim = await start({ loginSuccessStatus: status });
    const res = await loginRequest(sim, 'secureedge');
    expect(res.status).toBe(status);
    if (status === 302) expect(res.headers.get('location')).toBe('/');
    expect(res.text).toBe('');
    const cookie = res.headers.getSetCookie()[0].split(';')[0];
    expect((await getImages(sim, cookie)).status).toBe(200);
  });

  test('wrong password, default: 401 JSON error, no cookie', async () => {
    const sim = await start();
    const res = await loginRequest(sim, 'wrong');
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(typeof res.json().error).toBe('string');
  });

  test('wrong password: 403', async () => {
    const sim = await start({ wrongPasswordAnswer: 403 });
    const res = await loginRequest(sim, 'wrong');
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  test('wrong password: redirect to /login?error=1 without cookie', async () => {
    const sim = await start({ wrongPasswordAnswer: 'redirect' });
    const res = await loginRequest(sim, 'wrong');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login?error=1');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  test('wrong password: 200 with the login page again, without cookie', async () => {
    const sim = await start({ wrongPasswordAnswer: 200 });
    const res = await loginRequest(sim, 'wrong');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('<form');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  test('the username must be admin; the body must be a form', async () => {
    const sim = await start();
    expect((await loginRequest(sim, 'secureedge', 'root')).status).toBe(401);
    const asJson = await send(`${sim.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'secureedge' }),
    });
    expect(asJson.status).toBe(401);
    expect(asJson.headers.getSetCookie()).toEqual([]);
  });

  test('GET /auth/login is 405; GET /login is the HTML login page without a session', async () => {
    const sim = await start();
    const wrongMethod = await send(`${sim.url}/auth/login`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const page = await send(`${sim.url}/login`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('action="/auth/login"');
  });

  test('loginCount counts every login attempt, whatever the outcome', async () => {
    const sim = await start();
    await loginRequest(sim, 'wrong');
    await login(sim);
    await send(`${sim.url}/login`);
    expect(sim.control.loginCount()).toBe(2);
  });

  test('setOptions can change the password at run time', async () => {
    const sim = await start();
    sim.control.setOptions({ password: 'new-one' });
    expect(sim.password).toBe('new-one');
    expect((await loginRequest(sim, 'secureedge')).status).toBe(401);
    expect((await loginRequest(sim, 'new-one')).status).toBe(200);
  });
});

describe('rejected sessions', () => {
  test('no cookie, unknown cookie: 401 by default, JSON error body', async () => {
    const sim = await start();
    const none = await getImages(sim);
    expect(none.status).toBe(401);
    expect(none.json()).toEqual({ error: expect.any(String) });
    expect((await getImages(sim, 'id=bm90IGEgc2Vzc2lvbg==')).status).toBe(401);
  });

  test('every Docker path is guarded, even unknown ones', async () => {
    const sim = await start();
    for (const [method, path] of [
      ['GET', '/api/v1/docker/containers'],
      ['POST', '/api/v1/docker/containers'],
      ['GET', '/api/v1/docker/containers/x/status'],
      ['DELETE', '/api/v1/docker/volumes/v1'],
      ['GET', '/api/v1/docker/nothing-here'],
    ]) {
      expect((await send(sim.url + path, { method })).status).toBe(401);
    }
  });

  test('403 when so switched', async () => {
    const sim = await start({ sessionRejection: 403 });
    expect((await getImages(sim)).status).toBe(403);
  });

  test('redirect to /login when so switched', async () => {
    const sim = await start({ sessionRejection: 'redirect' });
    const res = await getImages(sim);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
  });

  test('the switch can change at run time', async () => {
    const sim = await start();
    expect((await getImages(sim)).status).toBe(401);
    sim.control.setOptions({ sessionRejection: 'redirect' });
    expect((await getImages(sim)).status).toBe(302);
    sim.control.setOptions({ sessionRejection: 403 });
    expect((await getImages(sim)).status).toBe(403);
  });

  test.each([
    ['text', /^text\/plain/],
    ['html', /^text\/html/],
  ] as const)('rejection body in %s style', async (style, type) => {
    const sim = await start({ errorBodyStyle: style });
    const res = await getImages(sim);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(type);
    expect(() => JSON.parse(res.text)).toThrow();
  });

  test('a session expires after sessionLifetimeMs, and the cookie says so', async () => {
    const sim = await start({ sessionLifetimeMs: 200 });
    const before = Date.now();
    const res = await loginRequest(sim, 'secureedge');
    const setCookie = res.headers.getSetCookie()[0];
    const expires = Date.parse(
      setCookie
        .split('; ')
        .find((p) => p.startsWith('Expires='))!
        .slice(8),
    );
    // HTTP dates have whole seconds.
    expect(Math.abs(expires - (before + 200))).toBeLessThan(2000);
    const cookie = setCookie.split(';')[0];
    expect((await getImages(sim, cookie)).status).toBe(200);
    await sleep(250);
    expect((await getImages(sim, cookie)).status).toBe(401);
    expect((await getImages(sim, await login(sim))).status).toBe(200);
  });

  test('expireAllSessions drops every session at once; logging in again works', async () => {
    const sim = await start({ sessionRejection: 403 });
    const a = await login(sim);
    const b = await login(sim);
    sim.control.expireAllSessions();
    expect((await getImages(sim, a)).status).toBe(403);
    expect((await getImages(sim, b)).status).toBe(403);
    expect((await getImages(sim, await login(sim))).status).toBe(200);
  });

  test('recorded requests say whether a valid session came along', async () => {
    const sim = await start();
    const cookie = await login(sim);
    await getImages(sim, cookie);
    sim.control.expireAllSessions();
    await getImages(sim, cookie);
    await getImages(sim);
    const docker = sim.control.requests.filter((r) => r.path.startsWith('/api/'));
    expect(docker.map((r) => [r.status, r.hadSession, r.hadCookie])).toEqual([
      [200, true, true],
      [401, false, true],
      [401, false, false],
    ]);
  });

  test('neither the password nor a cookie appears in recorded requests', async () => {
    const sim = await start({ password: 'sup3r-s3cret' });
    const cookie = await login(sim);
    await getImages(sim, cookie);
    const dump = JSON.stringify(sim.control.requests);
    expect(dump).not.toContain('sup3r-s3cret');
    expect(dump).not.toContain(cookie.slice(3));
  });
});
