// Reading the hart's page-walk trace (the record wasm/mmu/walk.ts writes at WALK_TRACE) into plain
// objects. The debugger's page-walk view and the tests use this; the walk itself is ONLY the hart's.

import { WALK_TRACE } from "../../wasm/shared/layout";
import * as W from "../../wasm/shared/walk";
import type { Hart } from "../hart";

export const WALK_REASON_NAMES: Record<number, string> = {
  [W.WALK_OK]: "translated",
  [W.WALK_BARE]: "no translation (Bare mode or M-mode)",
  [W.WALK_NONCANONICAL]: "virtual address is not canonical (bits 63:39 differ from bit 38)",
  [W.WALK_PTE_ACCESS_FAULT]: "the PTE's physical address is not in RAM (access fault)",
  [W.WALK_INVALID]: "PTE.V = 0 (invalid entry)",
  [W.WALK_RESERVED_WX]: "PTE has W = 1 with R = 0 (reserved encoding)",
  [W.WALK_RESERVED_BITS]: "PTE bits 63:54 are set (reserved)",
  [W.WALK_NO_LEAF]: "level 0 PTE is a pointer, not a leaf",
  [W.WALK_MISALIGNED_SUPERPAGE]: "superpage PPN is not aligned to its size",
  [W.WALK_U_PAGE_FROM_S]: "S-mode access to a U page with SUM = 0",
  [W.WALK_U_PAGE_FETCH_FROM_S]: "S-mode may never execute a U page",
  [W.WALK_S_PAGE_FROM_U]: "U-mode access to a page without PTE.U",
  [W.WALK_NOT_READABLE]: "page is not readable (R = 0, and not X with MXR)",
  [W.WALK_NOT_WRITABLE]: "page is not writable (W = 0)",
  [W.WALK_NOT_EXECUTABLE]: "page is not executable (X = 0)",
  [W.WALK_A_CLEAR]: "PTE.A = 0 and hardware A/D updating is off (menvcfg.ADUE = 0)",
  [W.WALK_D_CLEAR]: "store to a page with PTE.D = 0 and hardware A/D updating is off",
};

export interface WalkLevel {
  level: number;        // 2, 1, 0
  tableAddress: bigint; // physical address of the page table read at this level
  pteAddress: bigint;
  pte: bigint;
  flags: { V: boolean; R: boolean; W: boolean; X: boolean; U: boolean; G: boolean; A: boolean; D: boolean };
  ppn: bigint;
  leaf: boolean;
}

export interface WalkResult {
  reason: number;
  reasonText: string;
  ok: boolean;
  pa?: bigint;
  va: bigint;
  satp: bigint;
  access: number;
  priv: number;
  /** WALK_OPT_* the walk ran with (SUM, MXR, ADUE). */
  options: number;
  levels: WalkLevel[];
  leafLevel: number;           // -1 when no leaf was reached
  adUpdate: { setA: boolean; setD: boolean };
}

export function decodePte(pte: bigint): WalkLevel["flags"] {
  const b = (m: number) => (pte & BigInt(m)) !== 0n;
  return { V: b(W.PTE_V), R: b(W.PTE_R), W: b(W.PTE_W), X: b(W.PTE_X), U: b(W.PTE_U), G: b(W.PTE_G), A: b(W.PTE_A), D: b(W.PTE_D) };
}

/** Read the trace the last walk left. */
export function readWalkTrace(hart: Hart): WalkResult {
  const mem = hart.memoryBytes();
  const dv = new DataView(mem.buffer, mem.byteOffset + WALK_TRACE);
  const f = (o: number) => dv.getBigUint64(o, true);
  const reason = Number(f(W.WT_REASON));
  const n = Number(f(W.WT_LEVELS));
  const leafLevel = Number(BigInt.asIntN(64, f(W.WT_LEAF_LEVEL)));
  const levels: WalkLevel[] = [];
  for (let i = 0; i < n; i++) {
    const o = W.WT_LEVEL_BASE + i * W.WT_LEVEL_STRIDE;
    const pte = f(o + 16);
    const flags = decodePte(pte);
    levels.push({ level: 2 - i, tableAddress: f(o), pteAddress: f(o + 8), pte, flags, ppn: (pte >> 10n) & ((1n << 44n) - 1n), leaf: flags.V && (flags.R || flags.X) });
  }
  const ok = reason === W.WALK_OK || reason === W.WALK_BARE;
  const ad = f(W.WT_AD_UPDATE);
  return {
    reason, reasonText: WALK_REASON_NAMES[reason] ?? `reason ${reason}`, ok, pa: ok ? f(W.WT_PA) : undefined,
    va: f(W.WT_VA), satp: f(W.WT_SATP), access: Number(f(W.WT_ACCESS)), priv: Number(f(W.WT_PRIV)), options: Number(f(W.WT_OPTIONS)), levels, leafLevel,
    adUpdate: { setA: (ad & 1n) !== 0n, setD: (ad & 2n) !== 0n },
  };
}

/** Walk `va` with the hart's own walker and return the trace. Changes nothing in the guest. */
export function walkVirtual(hart: Hart, satp: bigint, va: bigint, access: number, priv: number, options: number): WalkResult {
  hart.exports.debugWalk(satp, va, access, priv, options);
  return readWalkTrace(hart);
}
