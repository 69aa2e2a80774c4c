/**
 * An in-memory ICredentialsHelper: credentials are held decrypted (nothing to decrypt in a test),
 * and `authenticate` / `preAuthentication` follow what n8n's own CredentialsHelper
 * (packages/cli/src/credentials-helper.ts) does: resolve the generic auth block's expressions
 * against $credentials, and call the credential type's preAuthentication when its expirable
 * field is empty or a request answered 401, then store what it returned.
 */
import {
  ICredentialsHelper,
  isExpression,
  type ICredentialDataDecryptedObject,
  type ICredentials,
  type ICredentialType,
  type IHttpRequestHelper,
  type IHttpRequestOptions,
  type INode,
  type INodeCredentialsDetails,
  type INodeProperties,
  type IRequestOptionsSimplified,
  type Workflow,
} from 'n8n-workflow';

import { observer } from './observer';

export class InMemoryCredentialsHelper extends ICredentialsHelper {
  private readonly stored = new Map<string, { type: string; data: ICredentialDataDecryptedObject }>();
  /** Every session value preAuthentication produced: secrets for the scan. */
  readonly issuedSessions: string[] = [];
  preAuthenticationCalls = 0;

  constructor(private readonly credentialTypes: Record<string, ICredentialType>) {
    super();
    observer.addSecretProvider(() => this.issuedSessions);
  }

  set(id: string, type: string, data: ICredentialDataDecryptedObject): void {
    this.stored.set(id, { type, data: { ...data } });
  }

  /** The stored data (the session field included), as n8n's database would hold it. */
  get(id: string): ICredentialDataDecryptedObject | undefined {
    const entry = this.stored.get(id);
    return entry ? { ...entry.data } : undefined;
  }

  private type(name: string): ICredentialType {
    const type = this.credentialTypes[name];
    if (!type) throw new Error(`Unknown credential type in harness: ${name}`);
    return type;
  }

  getParentTypes(): string[] {
    return [];
  }

  isCredentialUsableByNode(): boolean {
    return true;
  }

  async getDecrypted(
    _additionalData: unknown,
    nodeCredentials: INodeCredentialsDetails,
    type: string,
  ): Promise<ICredentialDataDecryptedObject> {
    const entry = nodeCredentials.id ? this.stored.get(nodeCredentials.id) : undefined;
    if (!entry || entry.type !== type) throw new Error(`No credential ${nodeCredentials.id ?? '(no id)'} of type ${type} in the harness`);
    // A copy: n8n-core merges preAuthentication results into what it got.
    return { ...entry.data };
  }

  async authenticate(
    credentials: ICredentialDataDecryptedObject,
    typeName: string,
    requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
    workflow?: Workflow,
    node?: INode,
  ): Promise<IHttpRequestOptions> {
    const { authenticate } = this.type(typeName);
    if (typeof authenticate === 'function') return authenticate(credentials, requestOptions as IHttpRequestOptions);
    if (authenticate?.type === 'generic') {
      if (!workflow || !node) throw new Error('Workflow and node are required for declarative credential authentication');
      const target = requestOptions as unknown as Record<string, Record<string, string>>;
      for (const [outerKey, inner] of Object.entries(authenticate.properties)) {
        target[outerKey] ??= {};
        for (const [key, value] of Object.entries(inner as Record<string, string>)) {
          target[outerKey][resolve(key, credentials, workflow, node)] = resolve(value, credentials, workflow, node);
        }
      }
    }
    return requestOptions as IHttpRequestOptions;
  }

  async preAuthentication(
    helpers: IHttpRequestHelper,
    credentials: ICredentialDataDecryptedObject,
    typeName: string,
    node: INode,
    credentialsExpired: boolean,
  ): Promise<ICredentialDataDecryptedObject | undefined> {
    const type = this.type(typeName);
    const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
    if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
    if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
    this.preAuthenticationCalls++;
    const output = await type.preAuthentication.call(helpers, credentials);
    if (output[expirable.name] === undefined) return undefined;
    const session = output[expirable.name];
    if (typeof session === 'string') this.issuedSessions.push(session);
    const id = node.credentials?.[typeName]?.id;
    const entry = id ? this.stored.get(id) : undefined;
    if (entry) entry.data = { ...entry.data, ...(output as ICredentialDataDecryptedObject) };
    return Object.assign(credentials, output);
  }

  async runPreAuthentication(
    helpers: IHttpRequestHelper,
    credentials: ICredentialDataDecryptedObject,
    typeName: string,
  ): Promise<ICredentialDataDecryptedObject | undefined> {
    const type = this.type(typeName);
    if (typeof type.preAuthentication !== 'function') return undefined;
    return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
  }

  async getCredentials(): Promise<ICredentials> {
    throw new Error('The harness keeps credentials decrypted; getCredentials is not used by these tests');
  }

  async updateCredentials(nodeCredentials: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
    if (nodeCredentials.id) this.set(nodeCredentials.id, type, data);
  }

  async updateCredentialsOauthTokenData(): Promise<void> {}

  getCredentialsProperties(type: string): INodeProperties[] {
    return this.type(type).properties;
  }
}

/** As n8n's CredentialsHelper.resolveValue: expressions see $credentials. */
function resolve(value: string, credentials: ICredentialDataDecryptedObject, workflow: Workflow, node: INode): string {
  if (!isExpression(value)) return value;
  const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
  return resolved ? String(resolved) : '';
}
