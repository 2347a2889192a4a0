// The debugger panel's actions as small pure functions (tested in test/unit/debug/debugger-actions.test.ts).

import type { WalkView } from "../../emulator/debug/page-walk-view";

export type Access = "fetch" | "load" | "store";

/** A typed address ("0x8000_1000", "80001000", "1234" is hex too) → "0x…", or undefined if not one. */
export function parseAddress(text: string): string | undefined {
  const t = text.trim().replace(/_/g, "").toLowerCase().replace(/^0x/, "");
  if (!/^[0-9a-f]{1,16}$/.test(t)) return undefined;
  return "0x" + BigInt("0x" + t).toString(16);
}

/** The access a page-fault cause was for (12 fetch, 13 load, 15 store); undefined for other causes. */
export function accessForCause(cause: bigint | number): Access | undefined {
  const c = Number(BigInt(cause) & 0xffn);
  if (BigInt(cause) >> 63n) return undefined;
  return c === 12 ? "fetch" : c === 13 ? "load" : c === 15 ? "store" : undefined;
}

/** The mode a trap came from, from sstatus.SPP (bit 8): 0 = U, 1 = S. */
export function privBeforeTrap(sstatus: bigint): number {
  return Number((sstatus >> 8n) & 1n);
}

/** How many steps of the walk to show after `clicks` presses of Step (all of them at most). */
export function visibleSteps(view: WalkView, clicks: number): number {
  return Math.min(view.steps.length, 1 + Math.max(0, clicks));
}

/** "Explain this fault": show the walk up to and including the step the hart's reason belongs to. */
export function stepsToFault(view: WalkView): number {
  return view.faultStep < 0 ? view.steps.length - 1 : Math.min(view.faultStep, view.steps.length - 1);
}

/** Is the walk finished (the result step shown)? */
export function walkDone(view: WalkView, clicks: number): boolean {
  return visibleSteps(view, clicks) >= view.steps.length;
}
