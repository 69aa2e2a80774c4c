/** The device's own lists for the editor's pickers: containers, images, and the tags of an image. */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { SecureEdgeClient } from '../../core';
import { CREDENTIAL_TYPE, withPooledClient } from './client-factory';

/** The pickers share the pooled session of the credential: opening a list does not log in again. */
async function withClient<T>(fn: ILoadOptionsFunctions, use: (client: SecureEdgeClient) => Promise<T>): Promise<T> {
  return withPooledClient(await fn.getCredentials(CREDENTIAL_TYPE), use);
}

function matching(names: string[], filter?: string): INodeListSearchItems[] {
  const wanted = filter?.trim().toLowerCase() ?? '';
  return [...new Set(names)]
    .filter((n) => n.toLowerCase().includes(wanted))
    .sort((a, b) => a.localeCompare(b))
    .map((n) => ({ name: n, value: n }));
}

export async function searchContainers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  const containers = await withClient(this, (c) => c.listContainers());
  return { results: matching(containers.map((c) => c.name), filter) };
}

export async function searchImages(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  const images = await withClient(this, (c) => c.listImages());
  return { results: matching(images.map((i) => i.name), filter) };
}

export async function searchImageTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  const image = this.getCurrentNodeParameter('imageName', { extractValue: true });
  const images = await withClient(this, (c) => c.listImages());
  const tags = images.filter((i) => !image || i.name === image).map((i) => i.tag);
  return { results: matching(tags, filter) };
}
