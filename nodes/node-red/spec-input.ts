/**
 * The container spec of create and redeploy: from the editor's dialog (which reads like the
 * device's own create dialog, turned into the API shape by core's specFromForm, as n8n does), or,
 * with "Spec from msg.payload", the message's payload in the API's own JSON shape, passed to
 * core as it is (core validates it and names the field that is wrong).
 */
import { specFromForm, type ContainerSpecInput } from '../../core';
import { invalidInput } from './node-error';
import { readTarget } from './targets';
import type { NodeDef, NodeMessage, RedApi, RedNode } from './red-types';

type Row = Record<string, unknown>;

function rows(value: unknown): Row[] {
  return Array.isArray(value) ? value.filter((r): r is Row => typeof r === 'object' && r !== null) : [];
}

export async function readSpec(RED: RedApi, node: RedNode, def: NodeDef, msg: NodeMessage): Promise<ContainerSpecInput> {
  if (def.specSource === 'msg') {
    const payload = msg.payload;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw invalidInput(
        'payload',
        `msg.payload must be the container spec as an object in the API's shape ({container: {name}, image: {name, tag}, ports, volumes, networks, environment_variables}), got ${Array.isArray(payload) ? 'a list' : payload === null ? 'null' : typeof payload}.`,
      );
    }
    return payload as ContainerSpecInput;
  }
  const [name, image, tag] = [
    await readTarget(RED, node, def, msg, 'container'),
    await readTarget(RED, node, def, msg, 'image'),
    await readTarget(RED, node, def, msg, 'tag'),
  ];
  return specFromForm({
    name,
    image,
    tag,
    ports: rows(def.ports).map((p) => ({ containerPort: p.containerPort, routerPort: p.routerPort, protocol: p.protocol })),
    volumes: rows(def.volumes).map((v) => ({ volume: v.volume, containerPath: v.containerPath })),
    env: rows(def.env).map((e) => ({ key: e.key, value: e.value })),
    networks: typeof def.networks === 'string' ? def.networks : undefined,
  });
}
