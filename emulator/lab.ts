// A lab: N nodes, each in its own worker, on one EthernetSwitch in this thread. Used by the
// `hartnet lab` command and the Node integration tests (the page builds the same shape with
// browser Workers in src/).

import * as Comlink from "comlink";
import { MessageChannel } from "node:worker_threads";
import { spawnNode, type SpawnedNode } from "./spawn-node";
import { EthernetSwitch } from "./net/switch";
import { connectWorkerToSwitch, type FramePort } from "./net/worker-link";
import { macForNode, ipForNode } from "./net/mac";
import { loadManifestImages, type BootImages } from "./images";
import { ConsoleScript, stripAnsi } from "./cli/console-script";
import type { NodeStatus } from "./api";

/** The kernel command line of node `n` of `total`: the image's defaults without its hartnet.* parameters, plus ours. */
export function labBootargs(base: string, n: number, total: number): string {
  const kept = base.split(/\s+/).filter((a) => a && !a.startsWith("hartnet."));
  return [...kept, `hartnet.name=node${n}`, `hartnet.ip=${ipForNode(n)}/24`, `hartnet.nodes=${total}`].join(" ");
}

export interface LabNode {
  n: number;
  name: string;
  spawned: SpawnedNode;
  console: ConsoleScript;
  states: NodeStatus[];
  /** Plain text of everything the console printed. */
  text(): string;
  /** Resolve when `re` matches the console text after `from` (characters). */
  waitFor(re: RegExp, timeoutMs?: number, from?: number): Promise<void>;
  /** Type `command` and resolve with its output once the prompt is back. */
  run(command: string, timeoutMs?: number): Promise<string>;
  /** Type a line without waiting. */
  type(line: string): Promise<void>;
}

/** How often each node's virtio-net counters are read into the switch's port counters. */
const NET_STATS_MS = 1000;

export class Lab {
  readonly switch = new EthernetSwitch();
  readonly nodes: LabNode[] = [];
  private images: BootImages | undefined;
  private netStatsTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly imagesDir: string, private readonly scripts: Map<string, string> = new Map()) {}

  /** Boot `count` nodes (in parallel) and resolve when every one shows its shell prompt. */
  async start(count: number, opts: { promptTimeoutMs?: number; memoryMiB?: number } = {}): Promise<void> {
    this.images ??= await loadManifestImages(this.imagesDir);
    const first = this.nodes.length + 1;
    const added: LabNode[] = [];
    for (let n = first; n < first + count; n++) added.push(await this.addNode(n, first + count - 1, opts.memoryMiB));
    this.startNetStats();
    await Promise.all(added.map((node) => node.waitFor(new RegExp(`root@${node.name}:~# `), opts.promptTimeoutMs ?? 180_000)));
  }

  private async addNode(n: number, total: number, memoryMiB?: number): Promise<LabNode> {
    const name = `node${n}`;
    const spawned = spawnNode();
    const channel = new MessageChannel();
    await spawned.api.attachNetwork(Comlink.transfer(channel.port2 as unknown as FramePort, [channel.port2 as unknown as ArrayBuffer]), macForNode(n));
    connectWorkerToSwitch(this.switch, name, channel.port1 as unknown as FramePort);
    const script = new ConsoleScript(this.scripts.get(name) ?? "", (s) => void spawned.api.sendConsole(s));
    const states: NodeStatus[] = [];
    const decoder = new TextDecoder();
    const images = this.images!;
    await spawned.api.boot(
      { name, images, memoryMiB, bootargs: labBootargs(images.bootargs, n, total) },
      Comlink.proxy({
        console: (b: Uint8Array) => script.feed(decoder.decode(b, { stream: true })),
        state: (s: NodeStatus) => void states.push(s),
        progress: () => {},
      }),
    );
    const node: LabNode = {
      n, name, spawned, console: script, states,
      text: () => stripAnsi(script.output),
      waitFor: (re, timeoutMs = 60_000, from = 0) => script.waitWithin(re, timeoutMs, from, name),
      type: async (line) => spawned.api.sendConsole(line + "\n"),
      run: (command, timeoutMs = 60_000) => script.runCommand((s) => spawned.api.sendConsole(s), command, timeoutMs, name),
    };
    this.nodes.push(node);
    return node;
  }

  node(name: string): LabNode {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node named ${name}`);
    return n;
  }

  /** Read each node's receive drops (no RX buffer posted) into the switch every second until stop(). */
  private startNetStats(): void {
    if (this.netStatsTimer) return;
    this.netStatsTimer = setInterval(() => void this.pollNetStats(), NET_STATS_MS);
    this.netStatsTimer.unref?.(); // never what keeps a finished CLI run alive
  }

  /** One poll: the switch's drops.noRxBuffer of each port = its node's virtio-net rxDropsNoBuffer. */
  async pollNetStats(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        try {
          const drops = (await node.spawned.api.stats()).net?.rxDropsNoBuffer;
          if (typeof drops === "number") this.switch.setNoRxBuffer(node.name, drops);
        } catch {
          /* a node that is gone or crashed keeps its last count */
        }
      }),
    );
  }

  async stop(): Promise<void> {
    clearInterval(this.netStatsTimer);
    this.netStatsTimer = undefined;
    await Promise.all(this.nodes.map((n) => n.spawned.terminate()));
    this.switch.close();
  }
}
