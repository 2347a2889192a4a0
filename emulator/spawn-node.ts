// Start a node in its own Node worker_threads worker and return its Comlink remote (the CLI and the
// Node integration tests use this; the page starts browser Workers the same way in src/).
import { Worker } from "node:worker_threads";
import { statSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { NodeApi } from "./api";

export interface SpawnedNode {
  api: Comlink.Remote<NodeApi>;
  worker: Worker;
  terminate(): Promise<void>;
}

/** The bundled worker (scripts/build-wasm.mjs) if it is up to date, else the TypeScript one through tsx. */
function workerUrl(): URL {
  const bundle = new URL("./node-worker.bundle.mjs", import.meta.url);
  try {
    const b = statSync(bundle).mtimeMs;
    const sources = Math.max(newestTs(fileURLToPath(new URL(".", import.meta.url))), newestTs(fileURLToPath(new URL("../wasm/shared/", import.meta.url))));
    if (b > sources) return bundle;
  } catch {
    /* not built */
  }
  return new URL("./node-worker-entry.mjs", import.meta.url);
}

function newestTs(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestTs(p));
    else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

export function spawnNode(): SpawnedNode {
  const worker = new Worker(workerUrl());
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
