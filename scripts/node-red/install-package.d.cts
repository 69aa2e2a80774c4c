export interface NpmOptions {
  npmCommand?: string;
  env?: NodeJS.ProcessEnv;
  onOutput?: (text: string) => void;
}
/** `npm pack` of the package at repoRoot into destDir; resolves with the tarball's path. */
export declare function packPackage(repoRoot: string, destDir: string, options?: NpmOptions): Promise<string>;
/** Installs the tarball into a Node-RED user directory; resolves with the installed package.json. */
export declare function installIntoUserDir(
  userDir: string,
  tarball: string,
  options?: NpmOptions,
): Promise<{ name: string; version: string; 'node-red'?: { nodes?: Record<string, string> } }>;
