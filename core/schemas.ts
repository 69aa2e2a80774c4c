/**
 * Zod schemas for everything that crosses the wire; the public types are inferred from them.
 * Request schemas are strict (a typo such as `enviroment_variables` is an error, not silently
 * dropped); response schemas are loose (unknown fields from newer firmware are kept).
 */
import { z } from 'zod/v4';

import { ENV_LIST_MAX, ENV_VALUE_MAX, LIST_MAX, PORT_MAX, PORT_MIN, PROTOCOLS, RULES, RUNNING_STATES, type TextRule } from './rules';

export { NAME_MAX, RUNNING_STATES } from './rules';

/** A zod string schema from a rule in rules.ts: same checks, same order, same words. */
function textSchema(rule: TextRule) {
  const what = rule.label;
  let schema = z
    .string({ error: `${what} must be a text` })
    .min(1, { error: `${what} must not be empty` })
    .min(rule.minLength, { error: `${what} ${rule.tooShort ?? `must be at least ${rule.minLength} characters`}` })
    .max(rule.maxLength, { error: `${what} must be at most ${rule.maxLength} characters` });
  for (const check of rule.checks) schema = schema.regex(new RegExp(check.pattern), { error: `${what} ${check.message}` });
  return schema;
}

export const containerNameSchema = textSchema(RULES.containerName);
export const volumeNameSchema = textSchema(RULES.volumeName);
export const networkNameSchema = textSchema(RULES.networkName);
export const imageNameSchema = textSchema(RULES.imageName);
export const imageTagSchema = textSchema(RULES.imageTag);

const PORT_RULE = `must be a whole number from ${PORT_MIN} to ${PORT_MAX}`;
export const portNumberSchema = z
  .number({ error: `${PORT_RULE} (not a text)` })
  .int({ error: PORT_RULE })
  .min(PORT_MIN, { error: PORT_RULE })
  .max(PORT_MAX, { error: PORT_RULE });

export const protocolSchema = z.enum(PROTOCOLS, { error: "protocol must be 'tcp' or 'udp' (lowercase)" });

export const envKeySchema = textSchema(RULES.envKey);

export const envValueSchema = z
  .string({ error: 'environment variable value must be a text' })
  .max(ENV_VALUE_MAX, { error: `environment variable value must be at most ${ENV_VALUE_MAX} characters` })
  .refine((v) => !v.includes('\u0000'), { error: 'environment variable value must not contain a NUL character' });

export const containerPathSchema = textSchema(RULES.containerPath);

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

/** The create body, exactly the API's own shape. */
export const containerSpecSchema = z
  .strictObject({
    container: z.strictObject({ name: containerNameSchema }),
    image: z.strictObject({ name: imageNameSchema, tag: imageTagSchema }),
    ports: z
      .array(portMappingSchema)
      .max(LIST_MAX, { error: `at most ${LIST_MAX} port mappings` })
      .default([]),
    volumes: z
      .array(volumeMountSchema)
      .max(LIST_MAX, { error: `at most ${LIST_MAX} volumes` })
      .default([]),
    networks: z
      .array(networkRefSchema)
      .max(LIST_MAX, { error: `at most ${LIST_MAX} networks` })
      .default([]),
    environment_variables: z
      .array(envVarSchema)
      .max(ENV_LIST_MAX, { error: `at most ${ENV_LIST_MAX} environment variables` })
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
        ctx.addIssue({
          code: 'custom',
          path: ['environment_variables', i, 'key'],
          message: `environment variable ${e.key} is given twice`,
        });
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
