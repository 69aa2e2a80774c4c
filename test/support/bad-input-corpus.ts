/**
 * A seeded, generated corpus of bad inputs, one list per kind of input. Shared by the core,
 * Node-RED and n8n suites so the same values are proven rejected through every door. The rules
 * are restated here independently of core's schemas, so a loosened schema is caught.
 */
import fc from 'fast-check';

const SEED = 20261128;

/** Docker's name rule, restated: first char alphanumeric, then alphanumerics and _ . - (two at least). */
const VALID_DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function sample<T>(arb: fc.Arbitrary<T>, n: number, salt: number): T[] {
  return fc.sample(arb, { seed: SEED + salt, numRuns: n });
}

const forbiddenNameChar = fc.constantFrom(
  '/',
  '\\',
  ' ',
  '%',
  '?',
  '#',
  ':',
  '@',
  '!',
  '$',
  '*',
  '\n',
  '\t',
  '\u0000',
  'é',
  '€',
  '😀',
  '"',
  "'",
  '<',
  '>',
  '+',
  '=',
  ',',
  ';',
  '&',
);

const FIXED_BAD_NAMES = [
  '',
  ' ',
  'a',
  '7',
  '../x',
  '..',
  '.',
  '%2F',
  'a/b',
  '/web',
  'web/',
  ' web',
  'web ',
  '-web',
  '.web',
  '_web',
  'wéb',
  'web\u0000',
  'web\n',
  'x'.repeat(1000),
  'a%2Fb',
  'web?x=1',
  'web#1',
];

export function badDockerNames(n = 60): unknown[] {
  const generated = sample(
    fc
      .tuple(fc.stringMatching(/^[a-z0-9]{0,5}$/), forbiddenNameChar, fc.stringMatching(/^[a-z0-9._-]{0,5}$/))
      .map(([a, bad, b]) => a + bad + b)
      .filter((s) => !VALID_DOCKER_NAME.test(s)),
    n,
    1,
  );
  return [...FIXED_BAD_NAMES, ...generated, null, 42, undefined, {}, ['web']];
}

export function badImageNames(n = 40): unknown[] {
  const generated = sample(
    fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]{1,5}$/),
        fc.constantFrom('A', ' ', '..', '//', '/', '_-', '%', '@', ':', 'É', '\u0001'),
        fc.stringMatching(/^[a-z0-9]{0,4}$/),
      )
      .map(([a, bad, b]) => (bad === '/' ? `${a}/` : a + bad + b)),
    n,
    2,
  );
  return [
    '',
    ' ',
    'Nginx',
    'nginx ',
    '../nginx',
    'nginx/',
    '/nginx',
    'nginx//x',
    'a'.repeat(300),
    'nginx:latest',
    'nginx@sha256',
    ...generated,
    null,
    7,
  ];
}

export function badTags(n = 30): unknown[] {
  const generated = sample(
    fc.tuple(fc.stringMatching(/^[a-z0-9]{0,4}$/), fc.constantFrom(' ', '/', ':', '@', '%', '+', 'é', '\n')).map(([a, bad]) => a + bad),
    n,
    3,
  );
  return ['', ' ', '.latest', '-latest', 'x'.repeat(129), 'la test', '1/2', '%2F', ...generated, null, 1];
}

export function badPorts(n = 30): unknown[] {
  const generated = sample(
    fc.oneof(
      fc.integer({ min: 65536, max: 10_000_000 }),
      fc.integer({ min: -100_000, max: 0 }),
      fc.double({ min: 1.01, max: 65534.99, noNaN: true }).filter((d) => !Number.isInteger(d)),
    ),
    n,
    4,
  );
  return [0, 65536, -1, 1.5, '80', ' 80', null, undefined, Number.NaN, Number.POSITIVE_INFINITY, true, {}, ...generated];
}

export function badProtocols(n = 20): unknown[] {
  const generated = sample(
    fc.string({ minLength: 0, maxLength: 6 }).filter((s) => s !== 'tcp' && s !== 'udp'),
    n,
    5,
  );
  return ['icmp', 'TCP ', 'TCP', 'Udp', 'tcp ', '', 'sctp', null, 6, ...generated];
}

export function badEnvKeys(n = 20): unknown[] {
  const generated = sample(
    fc
      .tuple(fc.stringMatching(/^[A-Z_]{0,4}$/), fc.constantFrom('=', ' ', '\n', '\t', '\u0000'), fc.stringMatching(/^[A-Z_]{0,4}$/))
      .map(([a, bad, b]) => a + bad + b),
    n,
    6,
  );
  return ['', 'A=B', '=', ' A', 'A B', 'x'.repeat(2000), null, 3, ...generated];
}

export function badContainerPaths(): unknown[] {
  return ['', 'data', 'relative/path', '/', '/data/../etc', '/da\u0000ta', 'C:\\data', null, 5, '/' + 'x'.repeat(5000)];
}

/** Whole specs that are wrong in shape or size rather than in one value. */
export function badSpecs(): Array<{ label: string; spec: unknown }> {
  const base = { container: { name: 'web' }, image: { name: 'nginx', tag: 'latest' } };
  return [
    { label: 'not an object', spec: 'nginx' },
    { label: 'null', spec: null },
    { label: 'a list', spec: [base] },
    { label: 'no container', spec: { image: base.image } },
    { label: 'no image', spec: { container: base.container } },
    { label: 'misspelt field', spec: { ...base, enviroment_variables: [] } },
    { label: 'ports not a list', spec: { ...base, ports: { source: 80 } } },
    {
      label: 'oversized env',
      spec: { ...base, environment_variables: Array.from({ length: 5000 }, (_, i) => ({ key: `K${i}`, value: 'v' })) },
    },
    { label: 'oversized env value', spec: { ...base, environment_variables: [{ key: 'BIG', value: 'x'.repeat(100_000) }] } },
    {
      label: 'oversized ports',
      spec: { ...base, ports: Array.from({ length: 1000 }, (_, i) => ({ source: 80, destination: 1000 + i, protocol: 'tcp' })) },
    },
    {
      label: 'duplicate router port',
      spec: {
        ...base,
        ports: [
          { source: 80, destination: 8080, protocol: 'tcp' },
          { source: 81, destination: 8080, protocol: 'tcp' },
        ],
      },
    },
    {
      label: 'duplicate env key',
      spec: {
        ...base,
        environment_variables: [
          { key: 'A', value: '1' },
          { key: 'A', value: '2' },
        ],
      },
    },
    { label: 'extra field in port', spec: { ...base, ports: [{ source: 80, destination: 8080, protocol: 'tcp', host: '0.0.0.0' }] } },
  ];
}

/** A key per value that tells apart what === does not (NaN) and what String() merges (1 vs '1', null vs 'null'). */
function valueKey(v: unknown): string {
  if (typeof v === 'number' && Number.isNaN(v)) return 'number:NaN';
  if (v === undefined) return 'undefined';
  return `${typeof v}:${typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
}

/** How many different values a list holds: what the corpus really tries, however often a value repeats. */
export function distinctCount(values: unknown[]): number {
  return new Set(values.map(valueKey)).size;
}

/** Every kind of the corpus, by name: what the size test counts. */
export function corpusByKind(): Record<string, unknown[]> {
  return {
    'docker names': badDockerNames(),
    'image names': badImageNames(),
    'image tags': badTags(),
    ports: badPorts(),
    protocols: badProtocols(),
    'env keys': badEnvKeys(),
    'container paths': badContainerPaths(),
    'whole specs': badSpecs().map((s) => s.label),
  };
}

/** Render a bad value for a test title (control characters and long strings shortened). */
export function show(value: unknown): string {
  const s =
    typeof value === 'string' ? JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…(${value.length})` : value) : String(value);
  return s;
}
