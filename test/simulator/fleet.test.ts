/** Many devices at once: own ports, own state, own sessions. */
import { startFleet } from '../../simulator';
import { client, send, spec } from './helpers';

test('a fleet of 20 devices, each on its own port with its own state', async () => {
  const fleet = await startFleet(20, { password: 'fleet-pass', seed: 5 });
  try {
    const { devices } = fleet;
    expect(devices).toHaveLength(20);
    expect(new Set(devices.map((d) => d.port)).size).toBe(20);
    for (const d of devices) {
      expect(d.url).toBe(`http://127.0.0.1:${d.port}`);
      expect(d.password).toBe('fleet-pass');
    }
    const clients = await Promise.all(devices.map((d) => client(d)));
    await Promise.all(clients.map((c, i) => c.post('/containers', spec(`box-${i}`))));
    const lists = await Promise.all(clients.map((c) => c.get('/containers')));
    lists.forEach((l, i) => expect(l.json()).toEqual([{ name: `box-${i}` }]));
    // Expiring one device's sessions leaves the others alone.
    devices[3].control.expireAllSessions();
    expect((await clients[3].get('/containers')).status).toBe(401);
    expect((await clients[4].get('/containers')).status).toBe(200);
    // A session of one device is not valid on another.
    expect((await send(`${devices[0].url}/api/v1/docker/containers`, { headers: { cookie: clients[1].cookie } })).status).toBe(401);
  } finally {
    await fleet.close();
  }
  await fleet.close();
  await expect(send(`${fleet.devices[0].url}/login`)).rejects.toThrow();
});

test('an empty fleet is fine; a negative count is not', async () => {
  const fleet = await startFleet(0);
  expect(fleet.devices).toEqual([]);
  await fleet.close();
  await expect(startFleet(-1)).rejects.toThrow(RangeError);
});

test('when one device cannot start, the started ones are closed and the error is reported', async () => {
  const blocker = await startFleet(1);
  const taken = blocker.devices[0].port;
  try {
    // Device 0 takes taken-1 (if free), device 1 collides with the blocker.
    await expect(startFleet(2, { port: taken - 1 })).rejects.toThrow(/EADDRINUSE|EACCES/);
  } finally {
    await blocker.close();
  }
});
