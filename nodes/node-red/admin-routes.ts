/**
 * Admin endpoints for the editor's pickers (images in create and redeploy, containers with their
 * state wherever a container is named) and the device dialog's "Test connection" button. They
 * answer names, tags and states, or an error code and message, and never a credential.
 *
 *  GET  secureedge/devices/:id/images       (permission secureedge.read)
 *  GET  secureedge/devices/:id/containers   (permission secureedge.read)
 *       The list of a DEPLOYED device config node, through its shared client.
 *  POST secureedge/images                   (permission secureedge.write)
 *  POST secureedge/containers               (permission secureedge.write)
 *       The images of the device as the editor has it now, possibly not yet deployed:
 *       body {id, url, username, password, acceptSelfSigned, timeout}. As in Node-RED's own
 *       config nodes, a password of "__PWRD__" (or none) means "unchanged": the deployed
 *       node's stored password is used, but only for the URL and TLS setting it was deployed
 *       with, so a changed URL can never receive the stored password. This one needs write
 *       permission because it makes Node-RED contact an address the caller chooses.
 */
import { SecureEdgeError, isSecureEdgeError, parseDeviceUrl, type ImageSummary, type SecureEdgeClient } from '../../core';
import { DEFAULT_TIMEOUT_S, deviceSettings, findDevice, makeClient, type DeviceSettings } from './device-node';
import type { HttpResponse, NodeDef, RedApi } from './red-types';

/** What the editor posts for a device that may not be deployed yet. */
interface DeviceFormBody {
  id?: unknown;
  url?: unknown;
  username?: unknown;
  password?: unknown;
  acceptSelfSigned?: unknown;
  timeout?: unknown;
}

/** Node-RED's editor sends this instead of a password it already holds. */
const UNCHANGED_PASSWORD = '__PWRD__';

const STATUS_BY_CODE: Record<string, number> = { INVALID_INPUT: 400, NOT_FOUND: 404 };

/** Each list the editor may ask for: what it reads and what it answers (names, tags, states only). */
const LISTS: Record<string, (client: SecureEdgeClient) => Promise<unknown[]>> = {
  images: async (client) => (await client.listImages()).map((i: ImageSummary) => ({ name: i.name, tag: i.tag })),
  containers: async (client) => (await client.listContainersWithState()).map((c) => ({ name: c.name, running_state: c.running_state })),
};

function sendError(res: HttpResponse, err: unknown): void {
  const code = isSecureEdgeError(err) ? err.code : 'UNEXPECTED';
  // The editor shows the code apart (as a title), so the message does not repeat it.
  const message = isSecureEdgeError(err)
    ? err.message.replace(/^Invalid input: /, '').replace(/ Nothing was sent to the device\.$/, '')
    : 'The list could not be read (unexpected error; see the Node-RED log).';
  // Anything that is not the caller's input is the device's (or network's) answer: 502.
  res.status(STATUS_BY_CODE[code] ?? 502).json({ error: { code, message } });
}

/** No typed password and no stored one that may go to this URL: say which, and why. */
function noPassword(deployed: { settings: DeviceSettings } | undefined): SecureEdgeError {
  const message = deployed
    ? `The URL or the certificate setting differs from the deployed one (${deployed.settings.url}), and a stored password is only ever sent to the address it was deployed with. Retype the password to test this URL, or deploy first.`
    : 'Enter the device password: this device is not deployed yet, so Node-RED holds no password for it.';
  return new SecureEdgeError({ code: 'INVALID_INPUT', field: 'password', message });
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return parseDeviceUrl(a) === parseDeviceUrl(b);
  } catch {
    return false;
  }
}

/** A client for the device as the editor describes it, and whether we made it (and must close it). */
function clientForForm(RED: RedApi, body: DeviceFormBody): { client: SecureEdgeClient; temporary: boolean } {
  const typed =
    typeof body.password === 'string' && body.password !== '' && body.password !== UNCHANGED_PASSWORD ? body.password : undefined;
  const settings: DeviceSettings = deviceSettings({
    id: 'editor',
    type: 'editor',
    url: body.url,
    timeout: body.timeout ?? DEFAULT_TIMEOUT_S,
    acceptSelfSigned: body.acceptSelfSigned,
  } as NodeDef);
  if (typed !== undefined) {
    const username = typeof body.username === 'string' ? body.username : undefined;
    return { client: makeClient(settings, { username, password: typed }), temporary: true };
  }
  const deployed = findDevice(RED, body.id);
  if (!deployed || !sameOrigin(deployed.settings.url, settings.url) || deployed.settings.acceptSelfSigned !== settings.acceptSelfSigned) {
    throw noPassword(deployed);
  }
  return { client: deployed.getClient(), temporary: false };
}

export function registerAdminRoutes(RED: RedApi): void {
  for (const [kind, read] of Object.entries(LISTS)) {
    RED.httpAdmin.get(`/secureedge/devices/:id/${kind}`, RED.auth.needsPermission('secureedge.read'), (req, res) => {
      (async () => {
        const device = findDevice(RED, req.params.id);
        if (!device) {
          throw new SecureEdgeError({
            code: 'NOT_FOUND',
            message: 'No deployed SecureEdge device has this id: deploy the device configuration first.',
          });
        }
        res.json({ [kind]: await read(device.getClient()) });
      })().catch((err) => sendError(res, err));
    });

    RED.httpAdmin.post(`/secureedge/${kind}`, RED.auth.needsPermission('secureedge.write'), (req, res) => {
      (async () => {
        const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as DeviceFormBody;
        const { client, temporary } = clientForForm(RED, body);
        try {
          res.json({ [kind]: await read(client) });
        } finally {
          if (temporary) await client.close();
        }
      })().catch((err) => sendError(res, err));
    });
  }
}
