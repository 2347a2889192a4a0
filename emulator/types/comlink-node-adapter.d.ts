// Comlink ships its Node adapter's types as node-adapter.d.ts beside node-adapter.mjs.
declare module "comlink/dist/esm/node-adapter.mjs" {
  import type { Endpoint } from "comlink";
  interface NodeEndpoint {
    postMessage(message: any, transfer?: any): void; // eslint-disable-line @typescript-eslint/no-explicit-any
    on(type: string, listener: (value: unknown) => void): void;
    off(type: string, listener: (value: unknown) => void): void;
    start?: () => void;
  }
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
