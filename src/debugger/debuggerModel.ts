// One node's debugger state for the panel: a plain TS class with subscribe/snapshot (read by
// components through useSyncExternalStore), talking to the node only through the typed NodeApi.

import type { Remote } from "comlink";
import type { NodeApi } from "../../emulator/api";
import type { RegisterView, DisasmRow, TrapRecord, SatpRecord, TlbEntry, MemoryRow } from "../../emulator/debug/session";
import type { WalkView } from "../../emulator/debug/page-walk-view";
import { accessForCause, privBeforeTrap, stepsToFault, type Access } from "./actions";

export interface DebugStatus {
  state: string;
  stop?: { reason: string; addr: string };
  pc: string;
  priv: string;
}

export interface DebuggerSnapshot {
  status?: DebugStatus;
  regs?: RegisterView;
  changed: string[];
  disasm: DisasmRow[];
  traps: TrapRecord[];
  satps: SatpRecord[];
  walk?: WalkView & { tlb: TlbEntry[] };
  walkClicks: number;
  walkQuery?: { va: string; access: Access; satp?: string; priv?: number };
  memory: { addr: string; mode: "virtual" | "physical"; rows: MemoryRow[] };
  tlb: TlbEntry[];
  breakpoints: string[];
  trapStops: number[];
  privStop: boolean;
  error?: string;
  busy: boolean;
}

export class DebuggerModel {
  private snap: DebuggerSnapshot = {
    changed: [], disasm: [], traps: [], satps: [], walkClicks: 0, memory: { addr: "0x80200000", mode: "physical", rows: [] },
    tlb: [], breakpoints: [], trapStops: [], privStop: false, busy: false,
  };
  private listeners = new Set<() => void>();
  private symbolsLoaded = false;

  constructor(readonly name: string, private readonly api: Remote<NodeApi>) {}

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  snapshot = (): DebuggerSnapshot => this.snap;
  private set(p: Partial<DebuggerSnapshot>): void {
    this.snap = { ...this.snap, ...p };
    for (const l of this.listeners) l();
  }
  private async guard(fn: () => Promise<void>): Promise<void> {
    this.set({ busy: true, error: undefined });
    try {
      await fn();
    } catch (e) {
      this.set({ error: e instanceof Error ? e.message : String(e) });
    } finally {
      this.set({ busy: false });
    }
  }

  /** Load the kernel's System.map once (manifest.json's systemMap) so code shows function+offset. */
  private async loadSymbols(): Promise<void> {
    if (this.symbolsLoaded) return;
    this.symbolsLoaded = true;
    try {
      const manifest = await (await fetch("images/manifest.json")).json();
      const file = manifest.systemMap?.file;
      if (file) await this.api.debugSetSymbols(await (await fetch(`images/${file}`)).text());
    } catch {
      /* no symbols: addresses stay plain */
    }
  }

  /** Read everything the CPU view shows. */
  refresh = () => this.guard(async () => {
    await this.loadSymbols();
    const status = await this.api.debugState();
    this.set({ status });
    if (status.state !== "paused") return;
    const [regs, disasm, traps, satps] = await Promise.all([
      this.api.debugRegisters(), this.api.debugDisassembly(undefined, 8, 16), this.api.debugTrapLog(), this.api.debugSatpLog(),
    ]);
    this.set({ regs, disasm, traps, satps });
  });

  pause = () => this.guard(async () => {
    await this.api.debugPause();
    this.set({ changed: [] });
    await this.refresh();
  });
  resume = () => this.guard(async () => {
    await this.api.resume();
    this.set({ status: await this.api.debugState(), changed: [] });
  });
  step = (n = 1) => this.guard(async () => {
    const r = await this.api.debugStep(n);
    this.set({ regs: r.after, changed: r.changed });
    await this.refresh();
  });
  runTo = (pc: string) => this.guard(async () => {
    await this.api.debugRunTo(pc);
    this.set({ status: await this.api.debugState() });
  });

  // The stop settings update the snapshot first, then tell the node: the checkboxes are controlled
  // inputs, and React would snap a click back if the state changed only after the worker answered.
  setBreakpoints = (list: string[]) => {
    this.set({ breakpoints: list });
    return this.guard(() => this.api.debugSetBreakpoints(list));
  };
  setTrapStops = (causes: number[]) => {
    this.set({ trapStops: causes });
    return this.guard(() => this.api.debugSetTrapStops(causes));
  };
  setPrivStop = (on: boolean) => {
    this.set({ privStop: on });
    return this.guard(() => this.api.debugSetPrivStop(on));
  };

  /** Open the page-walk view for `va` (Step then reveals it level by level). */
  openWalk = (va: string, access: Access, satp?: string, priv?: number, clicks = 0) => this.guard(async () => {
    const walk = await this.api.debugWalk(va, access, satp, priv);
    this.set({ walk, walkClicks: clicks, walkQuery: { va, access, satp, priv } });
  });
  stepWalk = () => this.set({ walkClicks: this.snap.walkClicks + 1 });

  /**
   * "Explain this fault": stopped on a page-fault trap, open the walk at stval for the faulting
   * access, from the mode the trap came from, with every step up to the reason shown.
   */
  explainFault = () => this.guard(async () => {
    const regs = this.snap.regs ?? (await this.api.debugRegisters());
    const csr = (n: string) => BigInt(regs.csrs.find((c) => c.name === n)!.value);
    const access = accessForCause(csr("scause"));
    if (!access) throw new Error("the last S-mode trap was not a page fault");
    const priv = privBeforeTrap(csr("sstatus"));
    const va = "0x" + csr("stval").toString(16);
    const walk = await this.api.debugWalk(va, access, undefined, priv);
    this.set({ walk, walkClicks: stepsToFault(walk), walkQuery: { va, access, priv } });
  });

  /** The core's walker, straight through the API (the Playwright test compares the panel with it). */
  coreWalk(va: string, access: Access, priv?: number): Promise<WalkView> {
    return this.api.debugWalk(va, access, undefined, priv);
  }

  loadMemory = (addr: string, mode: "virtual" | "physical") => this.guard(async () => {
    const rows = await this.api.debugMemory(addr, 256, mode);
    this.set({ memory: { addr, mode, rows } });
  });
  loadTlb = () => this.guard(async () => {
    this.set({ tlb: await this.api.debugTlb() });
  });
}

// A stable surface for the Playwright test: the open debuggers by node name.
const open = new Map<string, DebuggerModel>();
export function registerDebugger(m: DebuggerModel | undefined, name: string): void {
  if (m) open.set(name, m);
  else open.delete(name);
}
declare global {
  interface Window {
    __hartnetDebug?: {
      snapshot(name: string): DebuggerSnapshot | undefined;
      coreWalk(name: string, va: string, access: Access, priv?: number): Promise<WalkView> | undefined;
    };
  }
}
if (typeof window !== "undefined") {
  window.__hartnetDebug = {
    snapshot: (name) => open.get(name)?.snapshot(),
    coreWalk: (name, va, access, priv) => open.get(name)?.coreWalk(va, access, priv),
  };
}
