// Virtual memory accesses: the slow paths behind the hot loop's inline TLB hits.
// A fault is recorded with raiseException (state.ts) and the functions return 0; the caller
// checks excPending before using the value.

import { SATP, MSTATUS, MENVCFG, WALK_TRACE } from "../shared/layout";
import { MSTATUS_SUM, MSTATUS_MXR, MENVCFG_ADUE_SHIFT } from "../shared/csr";
import {
  ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE,
  CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS, CAUSE_FETCH_ACCESS,
  CAUSE_MISALIGNED_LOAD, CAUSE_MISALIGNED_STORE,
} from "../shared/causes";
import {
  WALK_OK, WALK_BARE, WALK_OPT_SUM, WALK_OPT_MXR, WALK_OPT_ADUE, WT_AD_UPDATE, WT_LEAF_PTE_ADDR, WT_LEAF_LEVEL,
  PTE_A, PTE_D,
} from "../shared/walk";
import { walk, walkPa, faultCause } from "./walk";
import { effectivePriv, activeTable, fill, TLB_MASK } from "./tlb";
import { hostPage, physRead, physWrite, physFaulted } from "../memory";
import { raiseException, excPending, requestDebugStop } from "../state";
import { DBG_FLAGS, DBG_WATCH_COUNT, DBG_WATCH, DBG_WATCH_MAX } from "../shared/layout";
import { DBG_FLAG_WATCH, DBG_STOP_WATCH_READ, DBG_STOP_WATCH_WRITE } from "../shared/exits";

/**
 * Debugger watchpoints: does the access [va, va+size) at physical pa touch a watched range?
 * Entries: lo, hi (exclusive), flags (bit 0 read, bit 1 write, bit 2 physical). The access completes;
 * the hart stops before the next instruction.
 */
export function watchCheck(va: u64, pa: u64, size: u32, isWrite: bool): void {
  if ((load<u64>(DBG_FLAGS) & DBG_FLAG_WATCH) == 0) return;
  const n = <i32>min<u64>(load<u64>(DBG_WATCH_COUNT), <u64>DBG_WATCH_MAX);
  for (let i = 0; i < n; i++) {
    const e = <usize>DBG_WATCH + <usize>(i * 24);
    const flags = load<u64>(e, 16);
    if ((flags & (isWrite ? 2 : 1)) == 0) continue;
    const a = (flags & 4) != 0 ? pa : va;
    if (a < load<u64>(e, 8) && a + size > load<u64>(e)) {
      requestDebugStop(isWrite ? DBG_STOP_WATCH_WRITE : DBG_STOP_WATCH_READ, a);
      return;
    }
  }
}

/** The walker options the current mstatus/menvcfg give. */
export function walkOptions(): i32 {
  const ms = load<u64>(MSTATUS);
  let o: i32 = 0;
  if ((ms & MSTATUS_SUM) != 0) o |= WALK_OPT_SUM;
  if ((ms & MSTATUS_MXR) != 0) o |= WALK_OPT_MXR;
  if (((load<u64>(MENVCFG) >> MENVCFG_ADUE_SHIFT) & 1) != 0) o |= WALK_OPT_ADUE;
  return o;
}

/**
 * Translate `va` for `access`, set A/D when the walk asks for it (Svadu), and cache the page in the
 * active TLB table if it is plain RAM/ROM. Returns the physical address, or raises the fault.
 */
export function translate(va: u64, access: i32): u64 {
  const reason = walk(load<u64>(SATP), va, access, effectivePriv(access), walkOptions());
  if (reason != WALK_OK && reason != WALK_BARE) {
    raiseException(faultCause(reason, access), va);
    return 0;
  }
  // Svadu: the hart sets A (and D for a store) itself, as one atomic update of the leaf PTE.
  const ad = load<u64>(<usize>WALK_TRACE + WT_AD_UPDATE);
  if (ad != 0) {
    const pteAddr = load<u64>(<usize>WALK_TRACE + WT_LEAF_PTE_ADDR);
    let pte = physRead(pteAddr, 8);
    pte |= PTE_A;
    if ((ad & 2) != 0) pte |= PTE_D;
    physWrite(pteAddr, pte, 8);
  }
  const pa = walkPa();
  const h = hostPage(pa, access);
  if (h != 0) {
    const superpage = reason == WALK_OK && <i64>load<u64>(<usize>WALK_TRACE + WT_LEAF_LEVEL) > 0;
    fill(activeTable(access), va, h, superpage);
  }
  return pa;
}

@inline function accessFault(access: i32): u64 {
  return access == ACCESS_FETCH ? CAUSE_FETCH_ACCESS : access == ACCESS_LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS;
}

/** A TLB hit for `va`/`size` in table `t`: the wasm address, or 0 on a miss or a page-crossing access. */
@inline export function tlbLookup(t: usize, va: u64, size: u32): usize {
  const vpn = va >> 12;
  const e = t + <usize>((<u32>vpn & TLB_MASK) << 4);
  if (load<u64>(e) == vpn && (<u32>va & 0xfff) <= 0x1000 - size) return <usize>(va + load<u64>(e, 8));
  return 0;
}

/**
 * Load `size` bytes (1, 2, 4, 8) at virtual `va`, zero-extended, for the slow path: TLB misses,
 * MMIO, and misaligned accesses that cross a page (which work: they are split into bytes).
 */
export function loadSlow(va: u64, size: u32): u64 {
  if ((<u32>va & 0xfff) + size > 0x1000) return loadCrossing(va, size);
  const pa = translate(va, ACCESS_LOAD);
  if (excPending) return 0;
  const v = physRead(pa, size);
  if (physFaulted()) raiseException(CAUSE_LOAD_ACCESS, va);
  else watchCheck(va, pa, size, false);
  return v;
}

function loadCrossing(va: u64, size: u32): u64 {
  // Translate both pages first so a fault in the second leaves nothing half-done.
  const last = va + size - 1;
  const pa0 = translate(va, ACCESS_LOAD);
  if (excPending) return 0;
  const pa1 = translate(last & ~(<u64>0xfff), ACCESS_LOAD);
  if (excPending) return 0;
  let v: u64 = 0;
  for (let i: u32 = 0; i < size; i++) {
    const a = va + i;
    const pa = (a >> 12) == (va >> 12) ? pa0 + i : pa1 + (a & 0xfff);
    const b = physRead(pa, 1);
    if (physFaulted()) {
      raiseException(CAUSE_LOAD_ACCESS, a);
      return 0;
    }
    v |= b << (8 * <u64>i);
  }
  return v;
}

/** Store the low `size` bytes of `value` at virtual `va` (slow path, as loadSlow). */
export function storeSlow(va: u64, value: u64, size: u32): void {
  if ((<u32>va & 0xfff) + size > 0x1000) {
    storeCrossing(va, value, size);
    return;
  }
  const pa = translate(va, ACCESS_STORE);
  if (excPending) return;
  physWrite(pa, value, size);
  if (physFaulted()) raiseException(CAUSE_STORE_ACCESS, va);
  else watchCheck(va, pa, size, true);
}

function storeCrossing(va: u64, value: u64, size: u32): void {
  const last = va + size - 1;
  const pa0 = translate(va, ACCESS_STORE);
  if (excPending) return;
  const pa1 = translate(last & ~(<u64>0xfff), ACCESS_STORE);
  if (excPending) return;
  for (let i: u32 = 0; i < size; i++) {
    const a = va + i;
    const pa = (a >> 12) == (va >> 12) ? pa0 + i : pa1 + (a & 0xfff);
    physWrite(pa, (value >> (8 * <u64>i)) & 0xff, 1);
    if (physFaulted()) {
      raiseException(CAUSE_STORE_ACCESS, a);
      return;
    }
  }
}

// ---- whole accesses (TLB fast path + slow path), for the FPU, AMOs and other out-of-line users ----

import { tlbLoad, tlbStore } from "./tlb";

export function loadU8(va: u64): u64 {
  const h = tlbLookup(tlbLoad, va, 1);
  return h != 0 ? <u64>load<u8>(h) : loadSlow(va, 1);
}
export function loadU16(va: u64): u64 {
  const h = tlbLookup(tlbLoad, va, 2);
  return h != 0 ? <u64>load<u16>(h) : loadSlow(va, 2);
}
export function loadU32(va: u64): u64 {
  const h = tlbLookup(tlbLoad, va, 4);
  return h != 0 ? <u64>load<u32>(h) : loadSlow(va, 4);
}
export function loadU64(va: u64): u64 {
  const h = tlbLookup(tlbLoad, va, 8);
  return h != 0 ? load<u64>(h) : loadSlow(va, 8);
}
export function storeU8(va: u64, v: u64): void {
  const h = tlbLookup(tlbStore, va, 1);
  if (h != 0) store<u8>(h, <u8>v); else storeSlow(va, v, 1);
}
export function storeU16(va: u64, v: u64): void {
  const h = tlbLookup(tlbStore, va, 2);
  if (h != 0) store<u16>(h, <u16>v); else storeSlow(va, v, 2);
}
export function storeU32(va: u64, v: u64): void {
  const h = tlbLookup(tlbStore, va, 4);
  if (h != 0) store<u32>(h, <u32>v); else storeSlow(va, v, 4);
}
export function storeU64(va: u64, v: u64): void {
  const h = tlbLookup(tlbStore, va, 8);
  if (h != 0) store<u64>(h, v); else storeSlow(va, v, 8);
}

/**
 * The physical address for an atomic memory operation of `size` bytes at `va`: it must be naturally
 * aligned (else address-misaligned: LR raises the load cause, SC/AMO the store/AMO cause) and is
 * checked with store permission except for LR.
 */
export function translateAtomic(va: u64, size: u32, isLoadReserved: bool): u64 {
  if ((va & <u64>(size - 1)) != 0) {
    raiseException(isLoadReserved ? CAUSE_MISALIGNED_LOAD : CAUSE_MISALIGNED_STORE, va);
    return 0;
  }
  return translate(va, isLoadReserved ? ACCESS_LOAD : ACCESS_STORE);
}

// keep accessFault referenced for future PMP checks
export function accessFaultCause(access: i32): u64 {
  return accessFault(access);
}
