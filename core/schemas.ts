/**
 * Zod schemas for everything that crosses the wire; the public types are inferred from them.
 * Request schemas are strict (a typo such as `enviroment_variables` is an error, not silently
 * dropped); response schemas are loose (unknown fields from newer firmware are kept).
 */
import { z } from 'zod/v4';

// Docker's own rule for container, volume and network names. Docker's daemon also wants at least
// two characters for container and volume names (its pattern ends in '+'), so one is refused here
// rather than by the device.
const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
export const NAME_MAX = 128;

function dockerName(what: string, minLength = 2) {
  return z
    .string({ error: `${what} must be a text` })
    .min(1, { error: `${what} must not be empty` })
    .min(minLength, { error: `${what} must be at least ${minLength} characters (Docker's rule)` })
    .max(NAME_MAX, { error: `${what} must be at most ${NAME_MAX} characters` })
    .regex(DOCKER_NAME, {
      error: `${what} must start with a letter or digit and contain only letters, digits, '_', '.' and '-'`,
    });
}

export const containerNameSchema = dockerName('container name');
export const volumeNameSchema = dockerName('volume name');
export const networkNameSchema = dockerName('network name', 1);

// Docker's reference grammar: optional registry host[:port], then lowercase path components
// separated by '/', each component alphanumerics joined by '.', '_', '__' or runs of '-'.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?';
const IMAGE_NAME = new RegExp(`^${DOMAIN}${COMPONENT}(?:/${COMPONENT})*$`);
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export const imageNameSchema = z
  .string({ error: 'image name must be a text' })
  .min(1, { error: 'image name must not be empty' })
  .max(255, { error: 'image name must be at most 255 characters' })
  .regex(IMAGE_NAME, {
    error: "image name must follow Docker's rules: lowercase letters, digits and '.', '_', '-' separators, components joined by '/' (e.g. nginx or nodered/node-red)",
  });

export const imageTagSchema = z
  .string({ error: 'image tag must be a text' })
  .min(1, { error: 'image tag must not be empty' })
  .regex(IMAGE_TAG, {
    error: "image tag must start with a letter, digit or '_', contain only letters, digits, '_', '.' and '-', and be at most 128 characters (e.g. latest or 1.27.3)",
  });

export const portNumberSchema = z
  .number({ error: 'must be a whole number from 1 to 65535 (not a text)' })
  .int({ error: 'must be a whole number from 1 to 65535' })
  .min(1, { error: 'must be a whole number from 1 to 65535' })
  .max(65535, { error: 'must be a whole number from 1 to 65535' });

export const protocolSchema = z.enum(['tcp', 'udp'], { error: "protocol must be 'tcp' or 'udp' (lowercase)" });

// No control characters: they cannot be typed in the device UI and break Docker's env handling.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export const envKeySchema = z
  .string({ error: 'environment variable key must be a text' })
  .min(1, { error: 'environment variable key must not be empty' })
  .max(1024, { error: 'environment variable key must be at most 1024 characters' })
  .refine((k) => !k.includes('='), { error: "environment variable key must not contain '='" })
  .refine((k) => !CONTROL_CHARS.test(k) && !/\s/.test(k), {
    error: 'environment variable key must not contain spaces or control characters',
  });

export const envValueSchema = z
  .string({ error: 'environment variable value must be a text' })
  .max(32768, { error: 'environment variable value must be at most 32768 characters' })
  .refine((v) => !v.includes('\u0000'), { error: 'environment variable value must not contain a NUL character' });

export const containerPathSchema = z
  .string({ error: 'container path must be a text' })
  .min(2, { error: "container path must be an absolute path such as /data (starting with '/')" })
  .max(4096, { error: 'container path must be at most 4096 characters' })
  .refine((p) => p.startsWith('/'), { error: "container path must be an absolute path such as /data (starting with '/')" })
  .refine((p) => !CONTROL_CHARS.test(p), { error: 'container path must not contain control characters' })
  .refine((p) => !p.split('/').includes('..'), { error: "container path must not contain '..'" });

export const portMappingSchema = z.strictObject({
  /** Port the program listens on inside the container (the device UI's "Container port"). */
  source: portNumberSchema,
  /** Port opened on the device (the device UI's "Router port"). */
  destination: portNumberSchema,
  protocol: protocolSchema,
});

export const volumeMountSchema = z.strictObject({
  name: volumeNameSchema,
  destination: containerPathSchema,
});

export const networkRefSchema = z.strictObject({ name: networkNameSchema });

export const envVarSchema = z.strictObject({ key: envKeySchema, value: envValueSchema });

const LIST_MAX = 256;

/** The create body, exactly the API's own shape. */
export const containerSpecSchema = z
  .strictObject({
    container: z.strictObject({ name: containerNameSchema }),
    image: z.strictObject({ name: imageNameSchema, tag: imageTagSchema }),
    ports: z.array(portMappingSchema).max(LIST_MAX, { error: `at most ${LIST_MAX} port mappings` }).default([]),
    volumes: z.array(volumeMountSchema).max(LIST_MAX, { error: `at most ${LIST_MAX} volumes` }).default([]),
    networks: z.array(networkRefSchema).max(LIST_MAX, { error: `at most ${LIST_MAX} networks` }).default([]),
    environment_variables: z
      .array(envVarSchema)
      .max(1024, { error: 'at most 1024 environment variables' })
      .default([]),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.ports.forEach((p, i) => {
      const key = `${p.destination}/${p.protocol}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['ports', i, 'destination'], message: `router port ${key} is mapped twice` });
      }
      seen.add(key);
    });
    const keys = new Set<string>();
    spec.environment_variables.forEach((e, i) => {
      if (keys.has(e.key)) {
        ctx.addIssue({ code: 'custom', path: ['environment_variables', i, 'key'], message: `environment variable ${e.key} is given twice` });
      }
      keys.add(e.key);
    });
  });

/** What callers may pass: optional lists may be left out. */
export type ContainerSpecInput = z.input<typeof containerSpecSchema>;
/** The validated spec, lists filled in. */
export type ContainerSpec = z.output<typeof containerSpecSchema>;
export type PortMapping = z.infer<typeof portMappingSchema>;
export type VolumeMount = z.infer<typeof volumeMountSchema>;
export type EnvVar = z.infer<typeof envVarSchema>;

// ---- responses (loose: unknown fields kept) ----

export const RUNNING_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const;
export type RunningState = (typeof RUNNING_STATES)[number];
export const runningStateSchema = z.enum(RUNNING_STATES);

export const imageListSchema = z.array(z.looseObject({ name: z.string(), tag: z.string() }));
export type ImageSummary = z.infer<typeof imageListSchema>[number];

export const imageDetailsSchema = z.looseObject({
  size: z.number().nonnegative(),
  platforms: z.array(z.string()),
  error: z.string().nullable().optional(),
});
export type ImageDetailsBody = z.infer<typeof imageDetailsSchema>;

export const containerListSchema = z.array(z.looseObject({ name: z.string() }));
export type ContainerSummary = z.infer<typeof containerListSchema>[number];

// Newer firmware may report a state Docker adds later; keep it as text rather than fail.
export const containerStatusSchema = z.looseObject({ running_state: z.string().min(1) });

export const containerConfigurationSchema = z.looseObject({
  container: z.looseObject({ name: z.string() }),
  image: z.looseObject({ name: z.string(), tag: z.string() }),
  ports: z.array(z.looseObject({ source: z.number(), destination: z.number(), protocol: z.string() })).default([]),
  volumes: z.array(z.looseObject({ name: z.string(), destination: z.string() })).default([]),
  networks: z.array(z.looseObject({ name: z.string() })).default([]),
  environment_variables: z.array(z.looseObject({ key: z.string(), value: z.string() })).default([]),
});
export type ContainerConfiguration = z.infer<typeof containerConfigurationSchema>;
