export type FlowNode = { id: string; type: string; z?: string; [key: string]: unknown };
export interface DeviceTarget {
  url: string;
  username?: string;
  password: string;
}
export declare const DEMO_DEVICE_ID: 'secureedge-demo-device';
export declare function listExampleFlows(dir: string): Array<{ file: string; nodes: FlowNode[] }>;
export declare function mergeFlows(files: Array<{ file: string; nodes: FlowNode[] }>): FlowNode[];
export declare function pointAtDevice(flows: FlowNode[], device: DeviceTarget): FlowNode[];
export declare function exampleFlowsFor(dir: string, device: DeviceTarget): FlowNode[];
