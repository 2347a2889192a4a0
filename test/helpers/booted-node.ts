// A real node (OpenSBI + Linux from public/images) in a worker, for integration tests.
import * as Comlink from "comlink";
import { spawnNode, type SpawnedNode } from "../../emulator/spawn-node";
import { ConsoleScript } from "../../emulator/cli/console-script";
import type { NodeStatus } from "../../emulator/api";
import { fileURLToPath } from "node:url";

export const IMAGES = fileURLToPath(new URL("../../public/images/", import.meta.url));

export interface BootedNode extends SpawnedNode {
  output(): string;
  states: NodeStatus[];
  /** Wait until `re` matches the ANSI-stripped console output after position `from`. */
  waitFor(re: RegExp, timeoutMs?: number, from?: number): Promise<void>;
  /** Type a command at the prompt and return its output (up to the next prompt). */
  run(command: string, timeoutMs?: number): Promise<string>;
}

export async function bootNode(opts: { extraBootargs?: string; bootargs?: string; memoryMiB?: number } = {}): Promise<BootedNode> {
  const node = spawnNode();
  const script = new ConsoleScript("", () => {});
  const states: NodeStatus[] = [];
  const decoder = new TextDecoder();
  await node.api.boot(
    { name: "test", imagesUrl: IMAGES, memoryMiB: opts.memoryMiB, bootargs: opts.bootargs, extraBootargs: opts.extraBootargs },
    Comlink.proxy({
      console: (b: Uint8Array) => script.feed(decoder.decode(b, { stream: true })),
      state: (s: NodeStatus) => void states.push(s),
      progress: () => {},
    }),
  );
  const waitFor = (re: RegExp, timeoutMs = 60_000, from = 0) => script.waitWithin(re, timeoutMs, from, "test node");
  const run = (command: string, timeoutMs = 60_000) => script.runCommand((s) => node.api.sendConsole(s), command, timeoutMs, "test node");
  return { ...node, output: () => script.output, states, waitFor, run };
}
