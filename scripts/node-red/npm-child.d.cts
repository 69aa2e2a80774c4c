/** The current environment without the npm_* variables a parent npm script exported (cache and registry kept). */
export declare function cleanEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function runNpm(
  args: string[],
  options?: { cwd?: string; npmCommand?: string; env?: NodeJS.ProcessEnv; onOutput?: (text: string) => void },
): Promise<string>;
