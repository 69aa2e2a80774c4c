/**
 * The device's own lists for the editor's pickers: containers with their state, images and tags
 * with their size. The value is always the bare name; the state or size is only in the label.
 */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import type { ImageSummary, SecureEdgeClient } from '../../core';
import { CREDENTIAL_TYPE, withPooledClient } from './client-factory';

/** Requests in flight at once for the per-entry reads (state, size): gentle on a small device. */
const PARALLEL = 4;

/** The pickers share the pooled session of the credential: opening a list does not log in again. */
async function withClient<T>(fn: ILoadOptionsFunctions, use: (client: SecureEdgeClient) => Promise<T>): Promise<T> {
  return withPooledClient(await fn.getCredentials(CREDENTIAL_TYPE), use);
}

/** `read` for each entry, a few at a time; an entry whose read fails gets undefined. */
async function eachBounded<T, R>(list: T[], read: (entry: T) => Promise<R>): Promise<Array<R | undefined>> {
  const out: Array<R | undefined> = new Array(list.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < list.length) {
      const i = next++;
      out[i] = await read(list[i]).catch(() => undefined);
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, worker));
  return out;
}

function matching(entries: Array<{ value: string; label: string }>, filter?: string): INodeListSearchItems[] {
  const wanted = filter?.trim().toLowerCase() ?? '';
  const seen = new Set<string>();
  return entries
    .filter((e) => (seen.has(e.value) ? false : (seen.add(e.value), true)))
    .filter((e) => e.value.toLowerCase().includes(wanted))
    .sort((a, b) => a.value.localeCompare(b.value))
    .map((e) => ({ name: e.label, value: e.value }));
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** Each image:tag with its size in bytes (undefined when the device would not say). */
async function imagesWithSize(client: SecureEdgeClient, images: ImageSummary[]): Promise<Array<ImageSummary & { size?: number }>> {
  const sizes = await eachBounded(images, async (i) => (await client.getImageDetails(i.name, i.tag)).size);
  return images.map((i, n) => ({ ...i, size: sizes[n] }));
}

export async function searchContainers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  const entries = await withClient(this, async (client) => {
    const containers = await client.listContainers();
    const states = await eachBounded(containers, (c) => client.stateOrAbsent(c.name));
    return containers.map((c, i) => ({ value: c.name, label: states[i] ? `${c.name} (${states[i]})` : c.name }));
  });
  return { results: matching(entries, filter) };
}

export async function searchImages(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  const images = await withClient(this, async (client) => imagesWithSize(client, await client.listImages()));
  const byName = new Map<string, number[]>();
  for (const i of images) byName.set(i.name, [...(byName.get(i.name) ?? []), ...(i.size === undefined ? [] : [i.size])]);
  const entries = [...byName].map(([name, sizes]) => {
    const tags = images.filter((i) => i.name === name).length;
    const size = sizes.length ? megabytes(Math.max(...sizes)) : '';
    const what = [tags > 1 ? `${tags} tags` : '', size && tags > 1 ? `up to ${size}` : size].filter(Boolean).join(', ');
    return { value: name, label: what ? `${name} (${what})` : name };
  });
  return { results: matching(entries, filter) };
}

export async function searchImageTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  const image = this.getCurrentNodeParameter('imageName', { extractValue: true });
  const images = await withClient(this, async (client) =>
    imagesWithSize(
      client,
      (await client.listImages()).filter((i) => !image || i.name === image),
    ),
  );
  const entries = images.map((i) => ({ value: i.tag, label: i.size === undefined ? i.tag : `${i.tag} (${megabytes(i.size)})` }));
  return { results: matching(entries, filter) };
}
