// Hart state helpers and the few globals the hot loop and the slow paths share.
// The architectural state itself lives in linear memory at the offsets in shared/layout.ts.

import { X_BASE, F_BASE, X_SINK } from "./shared/layout";

// ---- registers -------------------------------------------------------------------------------

/**
 * Integer register i (0..32; 32 is the write sink and is never read as a source).
 * Written as base + (i << 3), not as load's constant-offset form: measured A/B on cpu-bench, V8
 * generates slower code for the offset form here (≈ 110 vs ≈ 160 MIPS).
 */
@inline export function xr(i: u32): u64 {
  return load<u64>(<usize>X_BASE + (<usize>i << 3));
}
/** Write integer register i. Callers pass X_SINK for rd = x0, or use xwChecked. */
@inline export function xw(i: u32, v: u64): void {
  store<u64>(<usize>X_BASE + (<usize>i << 3), v);
}
/** Write integer register rd as an instruction does: a write to x0 is discarded. */
@inline export function xwChecked(rd: u32, v: u64): void {
  if (rd != 0) xw(rd, v);
}
/** Floating-point register i as raw bits. */
@inline export function fr(i: u32): u64 {
  return load<u64>(<usize>F_BASE + (<usize>i << 3));
}
@inline export function fw(i: u32, v: u64): void {
  store<u64>(<usize>F_BASE + (<usize>i << 3), v);
}
export const SINK: u32 = <u32>X_SINK;

// ---- a pending synchronous exception --------------------------------------------------------
// AssemblyScript has no cheap unwinding, so a slow path that must trap records the exception
// here and returns; the executor checks `excPending` after each slow call and then takes the trap.

export let excPending: bool = false;
export let excCause: u64 = 0;
export let excTval: u64 = 0;

/** Record a synchronous exception to be taken before the current instruction retires. */
export function raiseException(cause: u64, tval: u64): void {
  if (excPending) return; // the first fault of an instruction wins
  excPending = true;
  excCause = cause;
  excTval = tval;
}
export function clearException(): void {
  excPending = false;
}

// ---- reasons to leave the inner loop ---------------------------------------------------------

/** Set whenever mip, mie, mstatus or the privilege may have changed: re-evaluate interrupts. */
export let intCheck: bool = true;
export function requestInterruptCheck(): void {
  intCheck = true;
}
export function interruptChecked(): void {
  intCheck = false;
}

/** Set by the host (through an export) to make run() return at the next instruction boundary. */
export let stopRequested: bool = false;
export function setStopRequested(v: bool): void {
  stopRequested = v;
}

// ---- debugger stops ----------------------------------------------------------------------------

/** Non-zero: run() must return EXIT_BREAKPOINT with this DBG_STOP_* reason at the next boundary. */
export let debugStop: i32 = 0;
export function requestDebugStop(reason: i32, addr: u64): void {
  if (debugStop != 0) return;
  debugStop = reason;
  store<u64>(DBG_STOP_ADDR, addr);
}
export function clearDebugStop(): void {
  debugStop = 0;
}
import { DBG_STOP_ADDR } from "./shared/layout";
