// The TLB: direct-mapped tables of (virtual page → wasm address delta), one per translation regime
// and access kind (layout in shared/layout.ts). Only pages that are wholly RAM (or ROM, for
// non-stores) are cached, so a hit is always a plain wasm load or store.
//
// Every reason to flush is listed here, in one place:
//   - satp written (any field: mode, ASID or root)                 → flushAll
//   - sfence.vma (any form)                                         → flushAll / flushPage
//   - mstatus.MXR changed                                           → flushAll (load permission changes)
//   - menvcfg.ADUE changed                                          → flushAll (A/D fault rules change)
// Privilege, SUM, MPRV and MPP do not flush: they only choose which regime's tables are active
// (selectTables), so the kernel's and a process's entries survive every syscall and trap.

import { TLB_BASE, TLB_END, TLB_ENTRIES, TLB_TABLE_BYTES, PRIV, MSTATUS } from "../shared/layout";
import { PRV_U, PRV_S, PRV_M, MSTATUS_MPRV, MSTATUS_SUM, MSTATUS_MPP_SHIFT } from "../shared/csr";
import { ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE } from "../shared/causes";
import { DBG_FLAGS } from "../shared/layout";
import { DBG_FLAG_WATCH } from "../shared/exits";

export const TLB_MASK: u32 = <u32>TLB_ENTRIES - 1;

const REGIME_U: i32 = 0;
const REGIME_S: i32 = 1;
const REGIME_S_SUM: i32 = 2;
const REGIME_M: i32 = 3;

// The active tables; the hot loop copies them into locals.
export let tlbFetch: usize = TLB_BASE;
export let tlbLoad: usize = TLB_BASE;
export let tlbStore: usize = TLB_BASE;

@inline function table(regime: i32, access: i32): usize {
  return <usize>TLB_BASE + <usize>((regime * 3 + access) * TLB_TABLE_BYTES);
}

function regimeFor(priv: i32, sum: bool): i32 {
  if (priv == PRV_M) return REGIME_M;
  if (priv == PRV_S) return sum ? REGIME_S_SUM : REGIME_S;
  return REGIME_U;
}

/** The privilege loads and stores are checked at: MPRV in M-mode borrows MPP. */
export function effectivePriv(access: i32): i32 {
  const priv = <i32>load<u64>(PRIV);
  if (access == ACCESS_FETCH || priv != PRV_M) return priv;
  const ms = load<u64>(MSTATUS);
  if ((ms & MSTATUS_MPRV) == 0) return priv;
  return <i32>((ms >> MSTATUS_MPP_SHIFT) & 3);
}

/** Choose the active tables from the privilege and mstatus. Call after either changes. */
export function selectTables(): void {
  const priv = <i32>load<u64>(PRIV);
  const sum = (load<u64>(MSTATUS) & MSTATUS_SUM) != 0;
  tlbFetch = table(regimeFor(priv, false), ACCESS_FETCH);
  const dataPriv = effectivePriv(ACCESS_LOAD);
  const r = regimeFor(dataPriv, sum);
  tlbLoad = table(r, ACCESS_LOAD);
  tlbStore = table(r, ACCESS_STORE);
}

/** The table an access of this kind uses right now. */
export function activeTable(access: i32): usize {
  return access == ACCESS_FETCH ? tlbFetch : access == ACCESS_LOAD ? tlbLoad : tlbStore;
}

// A superpage is cached as many 4 KiB entries; an sfence.vma for one address of it must drop them
// all, so once any superpage entry exists a single-page flush becomes a full flush.
let superpagesCached: bool = false;

/** Forget every translation. */
export function flushAll(): void {
  memory.fill(TLB_BASE, 0xff, TLB_END - TLB_BASE);
  superpagesCached = false;
}

/** Forget the translation of the page holding `va` (sfence.vma with rs1 != x0). */
export function flushPage(va: u64): void {
  if (superpagesCached) {
    flushAll();
    return;
  }
  const vpn = va >> 12;
  const idx = <usize>((<u32>vpn & TLB_MASK) << 4);
  for (let t: usize = TLB_BASE; t < <usize>TLB_END; t += <usize>TLB_TABLE_BYTES) {
    if (load<u64>(t + idx) == vpn) store<u64>(t + idx, <u64>-1);
  }
}

/**
 * Remember that the virtual page of `va` lives at wasm address `hostPage`, in table `t`.
 * `fromSuperpage`: the translation came from a 2 MiB or 1 GiB leaf.
 */
export function fill(t: usize, va: u64, hostPage: usize, fromSuperpage: bool): void {
  // Watchpoints need every access on the slow path, so nothing is cached while they are on.
  if ((load<u64>(DBG_FLAGS) & DBG_FLAG_WATCH) != 0) return;
  if (fromSuperpage) superpagesCached = true;
  const vpn = va >> 12;
  const e = t + <usize>((<u32>vpn & TLB_MASK) << 4);
  store<u64>(e, vpn);
  store<u64>(e, <u64>hostPage - (vpn << 12), 8);
}
