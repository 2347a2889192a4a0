// Start a node in its own Node worker_threads worker and return its Comlink remote (the CLI and the
// Node integration tests use this; the page starts browser Workers the same way in src/).
import { Worker } from "node:worker_threads";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { NodeApi } from "./api";

export interface SpawnedNode {
  api: Comlink.Remote<NodeApi>;
  worker: Worker;
  terminate(): Promise<void>;
}

export function spawnNode(): SpawnedNode {
  // The worker runs TypeScript through tsx, like the CLI itself.
  const worker = new Worker(new URL("./node-worker-entry.mjs", import.meta.url));
  const api = Comlink.wrap<NodeApi>(nodeEndpoint(worker));
  return {
    api,
    worker,
    terminate: async () => {
      api[Comlink.releaseProxy]();
      await worker.terminate();
    },
  };
}
