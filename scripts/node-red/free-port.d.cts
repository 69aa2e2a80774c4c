/** A free port on 127.0.0.1: `preferred` or one of the next `tries - 1`, else any free port. */
export declare function freePort(preferred?: number, tries?: number): Promise<number>;
export declare function isPortFree(port: number): Promise<boolean>;
