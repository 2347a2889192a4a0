// One emulated machine as the page sees it: its Web Worker, the Comlink proxy of its NodeApi, and
// what the UI shows about it (status, boot progress, stats, console output).
//
// The controller is plain TypeScript, not React: it outlives renders (React StrictMode mounts
// effects twice; a worker must not boot twice), and it is the only place the page touches the
// worker — always through the typed NodeApi (style habit 10). Components read it via useNode().

import * as Comlink from "comlink";
import type { NodeApi, NodeStatus } from "../../emulator/api";

/** What the status badge shows. "booting" = the hart runs but no shell prompt has appeared yet. */
export type NodePhase = "loading" | "booting" | "running" | "paused" | "halted" | "crashed" | "off";

export interface NodeSnapshot {
  name: string;
  ip: string;
  mac: string;
  phase: NodePhase;
  /** Why it halted or crashed, or what it is loading. */
  detail?: string;
  /** Image download/decompress progress in 0..1 while loading. */
  progress?: { what: string; fraction: number };
  /** Seconds from the start of the boot to the first shell prompt. */
  bootSeconds?: number;
  mips?: number;
  idlePercent?: number;
  networked: boolean;
}

/** How much console output is kept for terminals that attach later (e.g. after a re-mount). */
const BACKLOG_BYTES = 512 * 1024;
const STATS_INTERVAL_MS = 1000;

export interface NodeNetworkHook {
  /** Connect `port` (the switch's end of the node's frame channel); returns a disconnect function. */
  connect(name: string, port: MessagePort): () => void;
  /** The node's virtio-net counters (NodeApi.stats().net), each stats poll (about once a second). */
  reportNetStats?(name: string, net: Record<string, unknown>): void;
}

export class NodeController {
  private worker: Worker;
  readonly api: Comlink.Remote<NodeApi>;
  private snap: NodeSnapshot;
  private listeners = new Set<() => void>();
  private consoleListeners = new Set<(bytes: Uint8Array) => void>();
  private backlog: Uint8Array[] = [];
  private backlogSize = 0;
  private tail = "";
  private bootStart = 0;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private lastStats: { t: number; instret: bigint; busy: number; idle: number } | undefined;
  private disconnectNet: (() => void) | undefined;

  constructor(readonly index: number, private readonly net?: NodeNetworkHook) {
    const name = `node${index}`;
    this.snap = { name, ip: `10.0.0.${index}`, mac: macFor(index), phase: "loading", networked: false };
    this.worker = new Worker(new URL("../../emulator/node-worker.ts", import.meta.url), { type: "module", name });
    this.worker.addEventListener("error", (e) => this.set({ phase: "crashed", detail: `worker error: ${e.message || "failed to start"}` }));
    this.api = Comlink.wrap<NodeApi>(this.worker);
  }

  get name(): string {
    return this.snap.name;
  }

  /** Attach the network (if any), load the images and start the hart. */
  async boot(options: { maxNodes: number }): Promise<void> {
    this.bootStart = performance.now();
    if (this.net) await this.attachNetwork(this.net);
    const { name, ip } = this.snap;
    const events = {
      console: (bytes: Uint8Array) => this.onConsole(bytes),
      state: (s: NodeStatus) => this.onState(s),
      progress: (what: string, done: number, total: number) =>
        this.set({ progress: { what, fraction: total ? done / total : 0 }, detail: what }),
    };
    try {
      await this.api.boot(
        {
          name,
          memoryMiB: 128,
          imagesUrl: new URL("images/", document.baseURI).href,
          // /init takes the last hartnet.* of each name, so these override the manifest's node1.
          // nodes=maxNodes: every node can resolve every name a node may later be added under.
          extraBootargs: `hartnet.name=${name} hartnet.ip=${ip}/24 hartnet.nodes=${options.maxNodes}`,
        },
        Comlink.proxy(events),
      );
      this.startStats();
    } catch (e) {
      this.set({ phase: "crashed", detail: errorText(e) });
    }
  }

  private async attachNetwork(net: NodeNetworkHook): Promise<void> {
    const channel = new MessageChannel();
    try {
      await this.api.attachNetwork(Comlink.transfer(channel.port2, [channel.port2]), this.snap.mac);
    } catch (e) {
      // The node still boots, with an unplugged cable.
      console.warn(`${this.name}: no network (${errorText(e)})`);
      channel.port1.close();
      return;
    }
    this.disconnectNet = net.connect(this.name, channel.port1);
    this.set({ networked: true });
  }

  // --- events from the worker ----------------------------------------------------------------

  private onConsole(bytes: Uint8Array): void {
    this.backlog.push(bytes);
    this.backlogSize += bytes.length;
    while (this.backlogSize > BACKLOG_BYTES && this.backlog.length > 1) this.backlogSize -= this.backlog.shift()!.length;
    for (const l of this.consoleListeners) l(bytes);
    if (this.snap.phase === "booting") {
      this.tail = (this.tail + new TextDecoder().decode(bytes)).slice(-256);
      if (looksLikePrompt(this.tail)) this.set({ phase: "running", bootSeconds: (performance.now() - this.bootStart) / 1000 });
    }
  }

  private onState(s: NodeStatus): void {
    switch (s.state) {
      case "loading":
        this.set({ phase: "loading", detail: s.detail });
        break;
      case "running":
        // The hart runs; the badge says "booting" until the first shell prompt.
        this.set({ phase: this.snap.bootSeconds === undefined ? "booting" : "running", detail: undefined, progress: undefined });
        break;
      case "paused":
        this.set({ phase: "paused", detail: undefined });
        break;
      case "halted":
        this.set({ phase: "halted", detail: s.detail });
        this.stopStats();
        break;
      case "crashed":
        this.set({ phase: "crashed", detail: s.detail });
        break;
      case "stopped":
        break;
    }
  }

  // --- stats -----------------------------------------------------------------------------------

  private startStats(): void {
    this.statsTimer ??= setInterval(() => void this.pollStats(), STATS_INTERVAL_MS);
  }
  private stopStats(): void {
    clearInterval(this.statsTimer);
    this.statsTimer = undefined;
  }

  private async pollStats(): Promise<void> {
    let s;
    try {
      s = await this.api.stats();
    } catch {
      return;
    }
    if (s.net && this.disconnectNet) this.net?.reportNetStats?.(this.name, s.net);
    const now = { t: performance.now(), instret: BigInt(s.instret), busy: s.busyMs, idle: s.idleMs };
    const prev = this.lastStats;
    this.lastStats = now;
    if (!prev) return;
    const dt = now.t - prev.t;
    const ran = now.busy - prev.busy + (now.idle - prev.idle);
    this.set({
      mips: dt > 0 ? Number(now.instret - prev.instret) / dt / 1000 : undefined,
      idlePercent: ran > 0 ? (100 * (now.idle - prev.idle)) / ran : this.snap.phase === "paused" ? undefined : 100,
    });
  }

  // --- controls --------------------------------------------------------------------------------

  pause(): void {
    void this.api.pause();
  }
  resume(): void {
    void this.api.resume();
  }
  sendConsole(data: string): void {
    if (this.snap.phase === "off" || this.snap.phase === "loading") return;
    void this.api.sendConsole(data).catch(() => undefined);
  }

  /** Power off: stop the hart, leave the switch and end the worker. */
  dispose(): void {
    this.stopStats();
    this.disconnectNet?.();
    this.disconnectNet = undefined;
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
    this.set({ phase: "off", mips: undefined, idlePercent: undefined });
  }

  // --- subscriptions (useSyncExternalStore) ------------------------------------------------------

  snapshot = (): NodeSnapshot => this.snap;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Receive console output: first everything kept so far, then each new chunk. */
  onConsoleOutput(listener: (bytes: Uint8Array) => void): () => void {
    for (const b of this.backlog) listener(b);
    this.consoleListeners.add(listener);
    return () => this.consoleListeners.delete(listener);
  }

  private set(patch: Partial<NodeSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l();
  }
}

/** Locally administered, unicast: 52:54:00:00:00:NN (QEMU's prefix; NN = node index). */
export function macFor(index: number): string {
  return `52:54:00:00:00:${index.toString(16).padStart(2, "0")}`;
}

/** busybox ash's prompt, `root@node1:~# `, possibly followed by its cursor-position query ESC[6n. */
export function looksLikePrompt(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
  return /[#$] $/.test(plain);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
