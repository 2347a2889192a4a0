// Time sources for mtime (the CLINT's counter, 10 MHz in the device tree).
//
// RealTimeClock follows the host's clock while the node runs and stands still while it is paused,
// so a debugger session does not drown the guest in timer interrupts. InstructionClock derives
// time from retired instructions, so bare-metal tests are deterministic.

import type { Clock } from "./devices/clint";

export const TIMEBASE_HZ = 10_000_000;

/** mtime = ticks of the host's monotonic clock since start, minus time spent paused. */
export class RealTimeClock implements Clock {
  private base: bigint;            // mtime at `since`
  private since: number;           // host ms when `base` was taken
  private pausedAt: number | undefined;

  constructor(private readonly now: () => number = () => performance.now(), start = 0n) {
    this.base = start;
    this.since = this.now();
  }

  mtime(): bigint {
    const t = this.pausedAt ?? this.now();
    return this.base + BigInt(Math.floor(((t - this.since) * TIMEBASE_HZ) / 1000));
  }
  setMtime(v: bigint): void {
    this.base = v;
    this.since = this.pausedAt ?? this.now();
  }
  /** Jump forward (an idle guest's sleep that the host shortened, or skipped). */
  advance(ticks: bigint): void {
    this.base += ticks;
  }
  pause(): void {
    if (this.pausedAt === undefined) this.pausedAt = this.now();
  }
  resume(): void {
    if (this.pausedAt === undefined) return;
    const m = this.mtime();
    this.pausedAt = undefined;
    this.base = m;
    this.since = this.now();
  }
  get paused(): boolean {
    return this.pausedAt !== undefined;
  }
  /** Host milliseconds until mtime reaches `t` (0 if already past). */
  msUntil(t: bigint): number {
    const d = t - this.mtime();
    return d <= 0n ? 0 : Number(d) / (TIMEBASE_HZ / 1000);
  }
}

/** mtime = retired instructions / instructionsPerTick (plus any jumps), like Spike's. */
export class InstructionClock implements Clock {
  private ticks = 0n;
  private carry = 0n;
  constructor(private readonly instructionsPerTick: number) {}
  mtime(): bigint {
    return this.ticks;
  }
  setMtime(v: bigint): void {
    this.ticks = v;
  }
  advanceInstructions(n: bigint): void {
    const total = this.carry + n;
    const per = BigInt(this.instructionsPerTick);
    this.ticks += total / per;
    this.carry = total % per;
  }
}
