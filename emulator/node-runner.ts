// The run loop of one node: executes the machine in slices of a few milliseconds, yields to the
// event loop between them (so console keys, frames and debugger requests are handled promptly),
// and sleeps while the guest waits in wfi — an idle node costs almost no host CPU.

import type { Machine } from "./machine";
import { DBG_STOP_PC } from "../wasm/shared/exits";

export type RunState = "stopped" | "running" | "paused" | "halted";

/** How long one burst of slices may hold the thread before yielding (ms). */
const BURST_MS = 8;
/** Instructions per run() call: large enough for V8 to enter optimised code, small enough for latency. */
const SLICE = 400_000;

export class NodeRunner {
  state: RunState = "stopped";
  /** Host ms spent executing vs. sleeping, for the idle-CPU measurement. */
  busyMs = 0;
  idleMs = 0;
  /** Why the hart last stopped for the debugger, if it did. */
  lastStop: { reason: number; addr: bigint } | undefined;
  private wakeUp: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(readonly machine: Machine, private readonly onStateChange?: (s: RunState) => void) {}

  /** Start (or resume) running until paused, halted or stopped. */
  start(): void {
    if (this.state === "running" || this.state === "halted") return;
    // Resuming from a PC breakpoint: execute that instruction once without stopping on it again.
    if (this.lastStop?.reason === DBG_STOP_PC) this.machine.stepOverBreakpoint();
    this.lastStop = undefined;
    this.machine.clock.resume();
    this.setState("running");
    this.loop ??= this.run().finally(() => (this.loop = undefined));
  }

  /** Stop executing; guest time stands still while paused. */
  pause(): void {
    if (this.state !== "running") return;
    this.setState("paused");
    this.machine.clock.pause();
    this.machine.hart.exports.requestStop();
    this.wake();
  }

  /** Something happened that the guest may want to see (a key, a frame): end a wfi sleep now. */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /** Resolve when the loop has ended (paused, halted or stopped). */
  async settled(): Promise<void> {
    await this.loop;
  }

  private setState(s: RunState): void {
    if (this.state === s) return;
    this.state = s;
    this.onStateChange?.(s);
  }

  private async run(): Promise<void> {
    const m = this.machine;
    while (this.state === "running") {
      const t0 = performance.now();
      let sleepMs: number | undefined;
      while (performance.now() - t0 < BURST_MS && this.state === "running") {
        const r = m.runSlice(SLICE);
        if (r.halted) {
          this.setState("halted");
          break;
        }
        if (r.debugStop) {
          // A breakpoint, watchpoint or chosen trap: freeze the node (and its guest time) here.
          this.lastStop = r.debugStop;
          this.machine.clock.pause();
          this.setState("paused");
          break;
        }
        if (r.idleMs !== undefined) {
          sleepMs = r.idleMs;
          break;
        }
      }
      this.busyMs += performance.now() - t0;
      if (this.state !== "running") break;
      if (sleepMs !== undefined && sleepMs > 0) {
        const s0 = performance.now();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => { this.wakeUp = undefined; resolve(); }, Math.min(sleepMs!, 1000));
          this.wakeUp = () => { clearTimeout(timer); resolve(); };
        });
        this.idleMs += performance.now() - s0;
      } else {
        // Let queued messages (keys, frames, debugger calls) run between bursts.
        await new Promise<void>((resolve) => setImmediateLike(resolve));
      }
    }
  }
}

/** A macrotask that does not wait for a timer's minimum delay (setImmediate in Node, a MessageChannel in browsers). */
function setImmediateLike(fn: () => void): void {
  const g = globalThis as unknown as { setImmediate?: (f: () => void) => void };
  if (g.setImmediate) g.setImmediate(fn);
  else {
    // Browsers: a message to ourselves is the fastest macrotask.
    const ch = new MessageChannel() as unknown as { port1: { onmessage: (() => void) | null; close(): void }; port2: { postMessage(v: unknown): void } };
    ch.port1.onmessage = () => { ch.port1.close(); fn(); };
    ch.port2.postMessage(0);
  }
}
