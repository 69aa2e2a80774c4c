/** The device's own lists for the editor's pickers: containers, images, and the tags of an image. */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { SecureEdgeClient } from '../../core';
import { clientFromCredentials, CREDENTIAL_TYPE } from './client-factory';

async function withClient<T>(fn: ILoadOptionsFunctions, use: (client: SecureEdgeClient) => Promise<T>): Promise<T> {
  const client = clientFromCredentials(await fn.getCredentials(CREDENTIAL_TYPE));
  try {
    return await use(client);
  } finally {
    await client.close();
  }
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
