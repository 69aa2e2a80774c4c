/**
 * A simulator of the IXON SecureEdge Pro's local HTTP API (login + Docker endpoints),
 * for tests, demos and offline flow development. Shares no code with core/ on purpose.
 */
export { startSimulator } from './simulator';
export { startFleet } from './fleet';
export { defaultSeedImages } from './seed-images';
export type {
  ContainerSnapshot,
  ContainerState,
  Faults,
  Fleet,
  OneShotFault,
  OneShotMatch,
  RecordedRequest,
  RunningSimulator,
  SeedImage,
  SimulatorControl,
  SimulatorOptions,
} from './types';
