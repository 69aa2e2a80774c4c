/** startSimulator(): one simulated SecureEdge Pro on its own port, with its own state, and its control API. */
import { DeviceState } from './device-state';
import { FaultPlan } from './faults';
import { applyOptions, DEFAULT_HOST, liveDefaults } from './options';
import { copyImage, defaultSeedImages } from './seed-images';
import { DeviceServer } from './server';
import { SecretReport } from './secret-report';
import { Sessions } from './sessions';
import { Timers } from './timers';
import type { RunningSimulator, SimulatorControl, SimulatorOptions } from './types';

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const live = liveDefaults();
  applyOptions(live, options);
  const timers = new Timers();
  const faults = new FaultPlan(options.seed);
  const ctx = {
    options: live,
    state: new DeviceState(options.images ?? defaultSeedImages(), timers),
    sessions: new Sessions(),
    secrets: new SecretReport(),
    timers,
    faults,
  };
  const server = new DeviceServer(ctx, faults);
  const host = options.host ?? DEFAULT_HOST;
  let port: number;
  try {
    port = await server.listen(options.port ?? 0, host);
  } catch (err) {
    await server.close();
    throw err;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;

  const control: SimulatorControl = {
    get requests() {
      return server.requests;
    },
    requestCount(filter = {}) {
      return server.requests.filter(
        (r) =>
          (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
          (filter.pathPrefix === undefined || r.path.startsWith(filter.pathPrefix)),
      ).length;
    },
    loginCount() {
      return server.requests.filter((r) => r.method === 'POST' && r.path.split('?')[0] === '/auth/login').length;
    },
    openConnections: () => server.openConnections,
    clearRequests() {
      server.requests.length = 0;
    },
    containers: () => ctx.state.snapshot(),
    pendingContainers: () => ctx.state.pendingNames(),
    networks: () => ctx.state.networks(),
    volumes: () => ctx.state.volumes(),
    images: () => ctx.state.listImages(),
    expireAllSessions: () => ctx.sessions.clear(),
    issuedSessionCookies: () => ctx.sessions.issuedValues(),
    receivedPasswords: () => ctx.secrets.receivedPasswords(),
    setContainerState: (name, state) => ctx.state.setState(name, state),
    addImage: (img) => ctx.state.addImage(copyImage(img)),
    removeImage: (name, tag) => ctx.state.removeImage(name, tag),
    setFaults: (f) => faults.set(f),
    clearFaults: () => faults.clear(),
    injectOnce: (match, action) => faults.queue(match, action),
    restart: (opts = {}) => server.restart(opts.downMs ?? 0),
    setOptions: (o) => applyOptions(live, o),
  };

  return {
    url: `http://${urlHost}:${port}`,
    port,
    get password() {
      return live.password;
    },
    close: () => server.close(),
    control,
  };
}
