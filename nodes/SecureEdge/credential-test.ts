/**
 * The credential test (the node's `testedBy`): log in and list images through core, so the
 * message says plainly what is wrong: the device cannot be reached, the password is wrong, or
 * the URL is not a SecureEdge.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { isSecureEdgeError } from '../../core';
import { clientFromCredentials } from './client-factory';

const TEST_TIMEOUT_MS = 15_000;

export async function secureEdgeConnectionTest(
  this: ICredentialTestFunctions,
  credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
  let client;
  try {
    client = clientFromCredentials(credential.data ?? {}, { timeoutMs: TEST_TIMEOUT_MS });
    const { images } = await client.checkConnection();
    return { status: 'OK', message: `Connected: logged in, and the device lists ${images} image(s).` };
  } catch (error) {
    return { status: 'Error', message: isSecureEdgeError(error) ? error.message : `Connection test failed: ${(error as Error).message}` };
  } finally {
    await client?.close();
  }
}
