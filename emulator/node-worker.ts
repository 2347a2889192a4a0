// The entry point of a node's worker: exposes one NodeApi through Comlink. The same file serves as
// a browser module Worker and a Node worker_threads worker.
import * as Comlink from "comlink";
import { NodeApi } from "./api";

const api = new NodeApi();
const g = globalThis as unknown as { process?: { versions?: { node?: string } } };
if (g.process?.versions?.node) {
  const { parentPort } = await import("node:worker_threads");
  const nodeEndpoint = (await import("comlink/dist/esm/node-adapter.mjs")).default;
  Comlink.expose(api, nodeEndpoint(parentPort!));
} else {
  Comlink.expose(api);
}
