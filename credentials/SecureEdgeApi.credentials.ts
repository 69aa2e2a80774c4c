/**
 * The n8n credential for a SecureEdge Pro's local API.
 *
 * The SecureEdge node talks to the device through core/ (its own login, re-login and retries)
 * and reads only url, username, password and the TLS switch from here. The hidden `sessionId`
 * field, `preAuthentication` and `authenticate` make the credential usable from n8n's own HTTP
 * Request node too, for device endpoints this package does not cover: n8n logs in through
 * `preAuthentication` when the field is empty, and again when a request answers 401.
 *
 * The credential test lives in the node (`testedBy`), so its message comes from core's
 * connection check and says plainly why it failed: unreachable, wrong password, not a SecureEdge.
 */
import type {
  IAuthenticateGeneric,
  ICredentialDataDecryptedObject,
  ICredentialType,
  IDataObject,
  IHttpRequestHelper,
  INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_DEVICE_URL } from '../core/device-url';
import { loginForSessionId } from './session-login';

export class SecureEdgeApi implements ICredentialType {
  name = 'secureEdgeApi';

  displayName = 'SecureEdge API';

  icon = { light: 'file:../icons/secureedge.svg', dark: 'file:../icons/secureedge.dark.svg' } as const;

  documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-ixon-secureedge';

  properties: INodeProperties[] = [
    {
      displayName: 'URL',
      name: 'url',
      type: 'string',
      default: DEFAULT_DEVICE_URL,
      placeholder: DEFAULT_DEVICE_URL,
      description: 'Address of the SecureEdge Pro on its local network, without a path',
      required: true,
    },
    {
      displayName: 'Username',
      name: 'username',
      type: 'string',
      default: 'admin',
      description: 'The device user; admin on current firmware',
    },
    {
      displayName: 'Password',
      name: 'password',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      description: 'The admin password printed on the sticker on the device',
      required: true,
    },
    {
      displayName: 'Ignore SSL Issues (Insecure)',
      name: 'ignoreSSLIssues',
      type: 'boolean',
      default: false,
      description:
        'Whether to accept a self-signed or otherwise unverifiable certificate on an https:// URL. Anyone between n8n and the device could then read the password.',
    },
    // Filled by n8n through preAuthentication. It holds the device's `id` cookie, which is as
    // powerful as the password, so n8n must mask and redact it like one.
    // eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
    {
      displayName: 'Session ID',
      name: 'sessionId',
      type: 'hidden',
      typeOptions: { expirable: true, password: true },
      default: '',
    },
  ];

  /** n8n calls this only when `sessionId` is empty or a request with it answered 401. */
  async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
    return { sessionId: await loginForSessionId(this, credentials) };
  }

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        Cookie: '=id={{$credentials.sessionId}}',
      },
    },
  };
}
