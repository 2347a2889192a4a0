// A real node (OpenSBI + Linux from public/images) in a worker, for integration tests.
import * as Comlink from "comlink";
import { spawnNode, type SpawnedNode } from "../../emulator/spawn-node";
import { ConsoleScript, stripAnsi } from "../../emulator/cli/console-script";
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
  const waitFor = async (re: RegExp, timeoutMs = 60_000, from = 0) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      script.waitFor(re, from),
      new Promise((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out waiting for ${re}; console tail:\n${stripAnsi(script.output).slice(-1500)}`)), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
  };
  const run = async (command: string, timeoutMs = 60_000) => {
    const from = script.output.length;
    await node.api.sendConsole(command + "\n");
    await waitFor(/\n[^\n]*[#$] (\x1b\[6n)?$/, timeoutMs, from);
    const text = stripAnsi(script.output.slice(from));
    // Drop the echoed command line and the final prompt.
    const lines = text.split(/\r?\n/);
    return lines.slice(1, -1).join("\n");
  };
  return { ...node, output: () => script.output, states, waitFor, run };
}
