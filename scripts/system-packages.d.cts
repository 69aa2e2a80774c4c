export interface SystemPackage {
  name: string;
  why: string;
  present(env: NodeJS.ProcessEnv): boolean;
}
export declare const SYSTEM_PACKAGES: SystemPackage[];
/** The names of the packages not present under `env` (its PATH). */
export declare function missingPackages(env?: NodeJS.ProcessEnv, packages?: SystemPackage[]): string[];
export type Plan =
  | { action: 'none' }
  | { action: 'install'; line: string; steps: string[][] }
  | { action: 'stop'; command: string; message: string };
export declare function planFor(o: { missing: string[]; isRoot: boolean; hasAptGet: boolean }): Plan;
