// The node API: what the page, the CLI and the debugger use to drive one node. It runs inside the
// node's worker (browser Web Worker or Node worker_threads) and is reached through Comlink, so the
// UI thread never executes guest instructions.

import { Machine } from "./machine";
import { NodeRunner, type RunState } from "./node-runner";
import { loadManifestImages, type BootImages } from "./images";
import * as L from "../wasm/shared/layout";
import { VirtioNetDevice } from "./virtio/net";
import { attachFramePort, type FramePort } from "./net/worker-link";
import * as Dbg from "./debug/session";
import { parseSystemMap, type SymbolTable } from "./debug/symbols";
import type { WalkView } from "./debug/page-walk-view";
import { DBG_STOP_PC } from "../wasm/shared/exits";
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE } from "../wasm/shared/causes";

export interface NodeBootConfig {
  name: string;
  /** Guest RAM in MiB (default 128). */
  memoryMiB?: number;
  /** Where manifest.json and the images are (a URL or, under Node, a directory path). */
  imagesUrl?: string;
  /** Images given directly (e.g. the CLI's --kernel/--initrd/--fw); overrides imagesUrl. */
  images?: BootImages;
  /** Kernel command line; default: the manifest's, with `extraBootargs` appended. */
  bootargs?: string;
  extraBootargs?: string;
  /** "instructions" makes guest time exactly instret/100 (reproducible; see MachineConfig.timeMode). */
  timeMode?: "realtime" | "instructions";
}

/** Callbacks from the node (each is a Comlink proxy when called across threads). */
export interface NodeEvents {
  console?(bytes: Uint8Array): void;
  state?(state: NodeStatus): void;
  progress?(what: string, done: number, total: number): void;
}

export interface NodeStatus {
  state: RunState | "loading" | "crashed";
  detail?: string;
}

export interface NodeStats {
  instret: string;     // bigint as a decimal string (structured-clone friendly and exact)
  busyMs: number;
  idleMs: number;
  state: NodeStatus["state"];
  consoleTail: string;
  net?: Record<string, unknown>;
}

export class NodeApi {
  private machine: Machine | undefined;
  private runner: NodeRunner | undefined;
  private events: NodeEvents = {};
  private crashed: string | undefined;
  private net: { port: FramePort; mac: string; device?: VirtioNetDevice } | undefined;

  /**
   * Give the node a network card before boot: a virtio-net device with `mac` whose frames travel
   * over `port` (a MessagePort whose other end the switch holds). Frames are ArrayBuffers,
   * transferred, not copied.
   */
  attachNetwork(port: FramePort, mac: string): void {
    if (this.machine) throw new Error("attach the network before boot");
    this.net = { port, mac };
  }

  /** Load the images, build the machine and start it. Resolves once the hart is running. */
  async boot(config: NodeBootConfig, events: NodeEvents = {}): Promise<void> {
    if (this.machine) throw new Error("this node has already booted");
    this.events = events;
    this.emit("state", { state: "loading" });
    const images = config.images ?? (await loadManifestImages(config.imagesUrl ?? "public/images/", (w, d, t) => this.emit("progress", w, d, t)));
    const bootargs = [config.bootargs ?? images.bootargs, config.extraBootargs].filter(Boolean).join(" ");
    let extraVirtio: { slot: number; type: "net"; device: VirtioNetDevice }[] | undefined;
    if (this.net) {
      const net = this.net;
      const device = new VirtioNetDevice({ mac: net.mac, onTransmit: (frame) => net.port.postMessage(frame.buffer, [frame.buffer as ArrayBuffer]) });
      net.device = device;
      attachFramePort(net.port, (frame) => {
        device.receive(frame);
        this.runner?.wake();
      });
      extraVirtio = [{ slot: 0, type: "net", device }];
    }
    this.machine = await Machine.create({
      extraVirtio,
      ramSize: (config.memoryMiB ?? 128) * 1024 * 1024,
      firmware: images.firmware,
      kernel: images.kernel,
      initrd: images.initrd.length ? images.initrd : undefined,
      bootargs,
      timeMode: config.timeMode,
      onConsole: (bytes) => {
        this.emit("console", bytes);
        this.watchForPanic();
      },
      onPowerOff: (kind, code) => this.emit("state", { state: "halted", detail: kind === "fail" ? `poweroff with failure code ${code}` : kind }),
    });
    this.runner = new NodeRunner(this.machine, (s) => {
      if (s !== "halted") this.emit("state", { state: s });
    });
    this.runner.start();
  }

  /**
   * Call an event callback. Callbacks live on another thread (Comlink proxies): a missing or
   * failing one must never stop the node, so errors are swallowed here.
   */
  private emit<K extends keyof NodeEvents>(name: K, ...args: Parameters<NonNullable<NodeEvents[K]>>): void {
    const fn = this.events[name] as ((...a: unknown[]) => unknown) | undefined;
    if (!fn) return;
    try {
      const r = fn.apply(this.events, args);
      if (r && typeof (r as Promise<unknown>).catch === "function") (r as Promise<unknown>).catch(() => {});
    } catch {
      /* the listener's problem, not the guest's */
    }
  }

  private watchForPanic(): void {
    if (this.crashed || !this.machine) return;
    const tail = this.machine.consoleTail();
    const i = tail.indexOf("Kernel panic - not syncing");
    if (i >= 0) {
      this.crashed = tail.slice(i).split("\n")[0];
      this.emit("state", { state: "crashed", detail: this.crashed });
    }
  }

  private get m(): Machine {
    if (!this.machine) throw new Error("the node has not booted");
    return this.machine;
  }

  sendConsole(data: Uint8Array | string): void {
    this.m.sendConsole(data);
    this.runner?.wake();
  }
  pause(): void {
    this.runner?.pause();
  }
  resume(): void {
    this.runner?.start();
  }
  /** Execute `n` instructions while paused; returns the new pc. */
  async step(n = 1): Promise<string> {
    if (this.runner?.state === "running") this.runner.pause();
    await this.runner?.settled();
    for (let i = 0; i < n; i++) this.m.hart.run(1);
    return this.m.hart.pc.toString();
  }
  stats(): NodeStats {
    const m = this.m;
    return {
      net: this.net?.device ? { ...this.net.device.stats } : undefined,
      instret: m.hart.instret.toString(),
      busyMs: this.runner?.busyMs ?? 0,
      idleMs: this.runner?.idleMs ?? 0,
      state: this.crashed ? "crashed" : this.runner?.state ?? "stopped",
      consoleTail: m.consoleTail(),
    };
  }
  /** x0..x31 and pc as decimal strings of their unsigned values. */
  registers(): { x: string[]; pc: string; priv: number } {
    const h = this.m.hart;
    return { x: Array.from({ length: 32 }, (_, i) => h.x(i).toString()), pc: h.pc.toString(), priv: h.priv };
  }
  /** A hart state field (offset from wasm/shared/layout.ts), as a decimal string. */
  field(offset: number): string {
    if (offset < L.STATE_BASE || offset >= L.STATE_END || offset % 8) throw new RangeError(`no state field at ${offset}`);
    return this.m.hart.field(offset).toString();
  }
  readPhysical(pa: string, length: number): Uint8Array {
    return this.m.hart.readPhys(BigInt(pa), length);
  }

  // ---- debugger ----
  // The debugger panel's calls (issue 7). The logic lives in emulator/debug/*: these only pick the
  // hart, convert hex strings at the boundary and keep the node paused while inspecting it.
  private dbgSymbols: SymbolTable | undefined;
  private dbgUserBreakpoints: bigint[] = [];
  private dbgTempBreakpoint: bigint | undefined;

  /** Load a System.map (its text) so addresses print as function+offset. Returns the symbol count. */
  debugSetSymbols(systemMap: string): number {
    this.dbgSymbols = parseSystemMap(systemMap);
    return this.dbgSymbols.size;
  }
  /** Run state, and why the hart last stopped for the debugger (if it did). */
  debugState(): { state: string; stop?: { reason: string; addr: string }; pc: string; priv: string } {
    const stop = this.runner?.lastStop;
    if (stop && this.dbgTempBreakpoint !== undefined && stop.reason === DBG_STOP_PC && stop.addr === this.dbgTempBreakpoint) this.dbgClearTemp();
    return {
      state: this.crashed ? "crashed" : this.runner?.state ?? "stopped",
      stop: stop ? { reason: Dbg.DBG_STOP_NAMES[stop.reason] ?? String(stop.reason), addr: Dbg.hex(stop.addr) } : undefined,
      pc: Dbg.hex(this.m.hart.pc), priv: ["U", "S", "?", "M"][this.m.hart.priv],
    };
  }
  /** Pause and wait until the run loop has really stopped (so the state can be read safely). */
  async debugPause(): Promise<void> {
    this.runner?.pause();
    await this.runner?.settled();
  }
  debugRegisters(): Dbg.RegisterView {
    return Dbg.readRegisters(this.m.hart);
  }
  /**
   * Execute `n` instructions (paused; guest time stays frozen) and return the registers before and
   * after and which changed. Steps over a breakpoint at the current pc. Stops early at a debugger stop.
   */
  async debugStep(n = 1): Promise<{ before: Dbg.RegisterView; after: Dbg.RegisterView; changed: string[]; stopped?: string }> {
    await this.debugPause();
    const h = this.m.hart;
    const before = Dbg.readRegisters(h);
    let stopped: string | undefined;
    for (let i = 0; i < n; i++) {
      this.m.stepOverBreakpoint();
      if (h.run(1) === 2 /* EXIT_BREAKPOINT */) {
        stopped = Dbg.DBG_STOP_NAMES[Number(h.field(L.EXIT_ARG))];
        break;
      }
    }
    const after = Dbg.readRegisters(h);
    return { before, after, changed: Dbg.changedRegisters(before, after), stopped };
  }
  /** Resume until `pc` is reached (a temporary breakpoint, removed when hit). */
  debugRunTo(pc: string): void {
    this.dbgTempBreakpoint = BigInt(pc);
    Dbg.setBreakpoints(this.m.hart, [...this.dbgUserBreakpoints, this.dbgTempBreakpoint]);
    this.runner?.start();
  }
  private dbgClearTemp(): void {
    this.dbgTempBreakpoint = undefined;
    Dbg.setBreakpoints(this.m.hart, this.dbgUserBreakpoints);
  }
  /** Disassembly around pc, with the kernel's symbols or, for user code, the symbols of the program the process runs. */
  debugDisassembly(pc?: string, before = 8, after = 16, satp?: string): Dbg.DisasmRow[] {
    const h = this.m.hart;
    const at = pc ? BigInt(pc) : h.pc;
    const opts = { satp: satp ? BigInt(satp) : undefined };
    const physical = h.priv === 3 && opts.satp === undefined;
    const { symbols } = physical ? { symbols: this.dbgSymbols } : Dbg.symbolsFor(h, at, this.dbgSymbols, this.dbgPrograms(), opts);
    return Dbg.disassembleAround(h, at, before, after, symbols, opts);
  }
  private dbgInitrdPrograms: Dbg.UserProgram[] = [];
  private dbgPrograms(): Dbg.UserProgram[] {
    return [...this.dbgInitrdPrograms, ...Dbg.shippedUserPrograms()];
  }
  /**
   * Add the symbols of the unstripped programs in an initramfs (gzip or plain newc cpio) to those
   * the debugger uses for user code. Returns the programs it knows, with where their symbols came from.
   */
  async debugAddUserPrograms(initrd: Uint8Array): Promise<{ path: string; source: string; symbols: number }[]> {
    this.dbgInitrdPrograms = await Dbg.userProgramsFromInitrdFile(initrd);
    return this.dbgPrograms().map((p) => ({ path: p.path, source: p.source, symbols: p.symbols.size }));
  }
  /** Which known program the process with `satp` (default: the current one) runs, if any. */
  debugUserProgram(satp?: string): string | undefined {
    const h = this.m.hart;
    return Dbg.symbolsFor(h, 0x10000n, undefined, this.dbgPrograms(), { satp: satp ? BigInt(satp) : undefined }).program;
  }
  /** Memory rows (hex + ASCII), addressed virtually through satp (default: the current one) or physically. */
  debugMemory(addr: string, length: number, mode: "virtual" | "physical", satp?: string): Dbg.MemoryRow[] {
    const h = this.m.hart;
    const a = BigInt(addr);
    const n = Math.min(Math.max(length, 0), 4096);
    const bytes = mode === "physical" ? Dbg.readPhysBytes(h, a, n) : Dbg.readVirtBytes(h, a, n, ACCESS_LOAD, { satp: satp ? BigInt(satp) : undefined });
    return Dbg.memoryRows(a, bytes);
  }
  debugTrapLog(): Dbg.TrapRecord[] {
    return Dbg.readTrapLog(this.m.hart);
  }
  debugSatpLog(): Dbg.SatpRecord[] {
    return Dbg.readSatpLog(this.m.hart);
  }
  /** The page-walk view of `va` for an access, with the hart's own walker (satp default: the current). */
  debugWalk(va: string, access: "fetch" | "load" | "store", satp?: string, priv?: number): WalkView & { tlb: Dbg.TlbEntry[] } {
    const h = this.m.hart;
    const kind = access === "fetch" ? ACCESS_FETCH : access === "store" ? ACCESS_STORE : ACCESS_LOAD;
    const view = Dbg.walkView(h, BigInt(va), kind, { satp: satp ? BigInt(satp) : undefined, priv });
    return { ...view, tlb: Dbg.tlbLookup(h, BigInt(va)) };
  }
  debugTlb(): Dbg.TlbEntry[] {
    return Dbg.readTlb(this.m.hart);
  }
  debugSetBreakpoints(pcs: string[]): void {
    this.dbgUserBreakpoints = pcs.map((p) => BigInt(p));
    const all = this.dbgTempBreakpoint === undefined ? this.dbgUserBreakpoints : [...this.dbgUserBreakpoints, this.dbgTempBreakpoint];
    Dbg.setBreakpoints(this.m.hart, all);
  }
  debugSetWatchpoints(list: { lo: string; hi: string; read: boolean; write: boolean; physical: boolean }[]): void {
    Dbg.setWatchpoints(this.m.hart, list.map((w) => ({ ...w, lo: BigInt(w.lo), hi: BigInt(w.hi) })));
  }
  /** Stop after taking these exception causes (e.g. [13, 15] for load/store page faults) and interrupts. */
  debugSetTrapStops(causes: number[], irqs: number[] = []): void {
    Dbg.setTrapStops(this.m.hart, causes, irqs);
  }
  debugSetPrivStop(on: boolean): void {
    Dbg.setPrivStop(this.m.hart, on);
  }
  /**
   * The virtio-net receive side as the debugger sees it: frames held for the guest (the backlog,
   * bounded by the device's queue limit) next to the device's counters. Frames keep arriving while
   * the node is paused; they wait here or are dropped and counted, never queued without bound.
   */
  debugNetQueue(): { backlog: number; stats: Record<string, number> } | undefined {
    const d = this.net?.device;
    return d ? { backlog: d.rxBacklog, stats: { ...d.stats } as unknown as Record<string, number> } : undefined;
  }
  /** CLINT mtime as a decimal string (guest time; frozen while paused). */
  debugMtime(): string {
    return this.m.hart.field(L.MTIME).toString();
  }
}
