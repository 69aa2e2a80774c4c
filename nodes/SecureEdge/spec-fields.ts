/**
 * The create spec from the panel's fields, checked with core's schema before any request, with
 * each problem named as the panel shows the field: "Ports, row 2: Router Port", not
 * "spec.ports[1].destination". (A spec given as JSON keeps the API's own paths: that is what the
 * user wrote.)
 */
import { containerSpecSchema, SecureEdgeError, type ContainerSpecInput } from '../../core';

const LISTS: Record<string, { title: string; fields: Record<string, string> }> = {
  ports: { title: 'Ports', fields: { source: 'Container Port', destination: 'Router Port', protocol: 'Protocol' } },
  volumes: { title: 'Volumes', fields: { name: 'Volume Name', destination: 'Container Path' } },
  environment_variables: { title: 'Environment Variables', fields: { key: 'Key', value: 'Value' } },
  networks: { title: 'Networks', fields: { name: 'name' } },
};

function fieldLabel(path: PropertyKey[], containerLabel: string): string {
  const [top, second, third] = path;
  if (top === 'container') return containerLabel;
  if (top === 'image') return second === 'tag' ? 'Tag' : 'Image';
  const list = LISTS[String(top)];
  if (!list) return String(top);
  if (typeof second !== 'number') return list.title;
  if (top === 'networks') return `Networks, name ${second + 1}`;
  return `${list.title}, row ${second + 1}: ${list.fields[String(third)] ?? String(third)}`;
}

/** Throws INVALID_INPUT naming the panel's field; env values are never echoed (they may be secrets). */
export function checkSpecFields(spec: ContainerSpecInput, containerLabel: string): void {
  const result = containerSpecSchema.safeParse(spec, { reportInput: true });
  if (result.success) return;
  const issue = result.error.issues[0];
  const label = fieldLabel(issue.path, containerLabel);
  const input = (issue as { input?: unknown }).input;
  const missing = issue.code === 'invalid_type' && input === undefined;
  const secret = issue.path[0] === 'environment_variables' && issue.path[2] === 'value';
  const got = !missing && !secret && (typeof input === 'string' || typeof input === 'number') ? ` (got ${JSON.stringify(input)})` : '';
  throw new SecureEdgeError({
    code: 'INVALID_INPUT',
    field: label,
    message: `Invalid input: ${missing ? `${label} is required` : `${label}: ${issue.message}${got}`}. Nothing was sent to the device.`,
  });
}
