/**
 * The images a fresh simulator's registry holds. nginx:latest is copied exactly from the
 * vendor's Docker page (size, platform, and the six environment variables its configuration
 * example lists); the other two exist so tests have a large image (first create -> 504)
 * and a second small one.
 */
import type { SeedImage } from './types';

const DEBIAN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function defaultSeedImages(): SeedImage[] {
  return [
    {
      name: 'nginx',
      tag: 'latest',
      size: 69622746,
      platforms: ['linux/arm64/v8'],
      error: null,
      environment: [
        { key: 'PATH', value: DEBIAN_PATH },
        { key: 'NGINX_VERSION', value: '1.27.3' },
        { key: 'NJS_VERSION', value: '0.8.7' },
        { key: 'NJS_RELEASE', value: '1~bookworm' },
        { key: 'PKG_RELEASE', value: '1~bookworm' },
        { key: 'DYNPKG_RELEASE', value: '1~bookworm' },
      ],
      createMs: 0,
    },
    {
      // Large: its first create outlasts the default 1000 ms gateway timeout (504, then it appears).
      name: 'nodered/node-red',
      tag: '4.1',
      size: 246000000,
      platforms: ['linux/arm64/v8'],
      error: null,
      environment: [
        { key: 'PATH', value: DEBIAN_PATH },
        { key: 'NODE_VERSION', value: '20.19.5' },
      ],
      createMs: 2500,
    },
    {
      name: 'eclipse-mosquitto',
      tag: '2',
      size: 9723904,
      platforms: ['linux/arm64/v8'],
      error: null,
      environment: [
        { key: 'PATH', value: DEBIAN_PATH },
        { key: 'VERSION', value: '2.0.20' },
      ],
      createMs: 0,
    },
  ];
}

/** A deep copy, so callers can never change the simulator's registry through a returned object. */
export function copyImage(img: SeedImage): SeedImage {
  return {
    name: img.name,
    tag: img.tag,
    size: img.size,
    platforms: [...img.platforms],
    environment: img.environment.map((e) => ({ key: e.key, value: e.value })),
    createMs: img.createMs ?? 0,
    error: img.error ?? null,
  };
}
