// The Sv39 page walk: ONE pure function, called by the hart on a TLB miss and by the debugger.
//
// It reads page-table entries from guest RAM and writes nothing but its trace record at
// WALK_TRACE (layout in shared/walk.ts). It never changes the hart: setting A/D bits (Svadu) is
// left to the caller, who is told which bits to set and where.
//
//  Sv39 virtual address                      Sv39 PTE
//  63      39 38    30 29    21 20    12 11     0     63  54 53    28 27    19 18    10 9 8 7 6 5 4 3 2 1 0
//  | sign ext | VPN[2] | VPN[1] | VPN[0] | offset |    | rsv | PPN[2] | PPN[1] | PPN[0] |RSW|D|A|G|U|X|W|R|V|

import { WALK_TRACE, RAM_HOST, RAM_GUEST_BASE } from "../shared/layout";
import {
  WALK_OPT_SUM, WALK_OPT_MXR, WALK_OPT_ADUE,
  WT_REASON, WT_PA, WT_LEVELS, WT_LEAF_LEVEL, WT_AD_UPDATE, WT_LEAF_PTE_ADDR, WT_LEAF_PTE, WT_VA, WT_SATP,
  WT_ACCESS, WT_PRIV, WT_OPTIONS, WT_LEVEL_BASE, WT_LEVEL_STRIDE,
  WALK_OK, WALK_BARE, WALK_NONCANONICAL, WALK_PTE_ACCESS_FAULT, WALK_INVALID, WALK_RESERVED_WX,
  WALK_RESERVED_BITS, WALK_NO_LEAF, WALK_MISALIGNED_SUPERPAGE, WALK_U_PAGE_FROM_S, WALK_U_PAGE_FETCH_FROM_S,
  WALK_S_PAGE_FROM_U, WALK_NOT_READABLE, WALK_NOT_WRITABLE, WALK_NOT_EXECUTABLE, WALK_A_CLEAR, WALK_D_CLEAR,
  PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_A, PTE_D, PTE_PPN_SHIFT,
} from "../shared/walk";
import {
  ACCESS_FETCH, ACCESS_LOAD, ACCESS_STORE,
  CAUSE_FETCH_PAGE_FAULT, CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT,
  CAUSE_FETCH_ACCESS, CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS,
} from "../shared/causes";
import { PRV_S, PRV_U, PRV_M, SATP_MODE_SHIFT, SATP_MODE_SV39 } from "../shared/csr";
import { isRam } from "../memory";

const LEVELS: i32 = 3;
const PAGE_SHIFT: u64 = 12;
const PTE_SIZE: u64 = 8;
const PTE_RESERVED_MASK: u64 = <u64>0x3ff << 54;   // bits 63:54
const PPN_MASK: u64 = (<u64>1 << 44) - 1;

@inline function trace(field: i32, v: u64): void {
  store<u64>(<usize>WALK_TRACE + <usize>field, v);
}

/** End the walk with `reason`; returns the reason so callers can `return finish(...)`. */
@inline function finish(reason: i32): i32 {
  trace(WT_REASON, <u64>reason);
  return reason;
}

/**
 * Translate `va` for an access of kind `access` (ACCESS_FETCH/LOAD/STORE) made at privilege `priv`
 * (already the effective privilege: MPRV is the caller's business) under `satp`, with `options`
 * (WALK_OPT_SUM | WALK_OPT_MXR | WALK_OPT_ADUE). Returns a WALK_* reason; WALK_OK and WALK_BARE mean
 * success and the physical address is in the trace (readWalkPa()).
 */
export function walk(satp: u64, va: u64, access: i32, priv: i32, options: i32): i32 {
  trace(WT_VA, va);
  trace(WT_SATP, satp);
  trace(WT_ACCESS, <u64>access);
  trace(WT_PRIV, <u64>priv);
  trace(WT_OPTIONS, <u64>options);
  trace(WT_LEVELS, 0);
  trace(WT_LEAF_LEVEL, <u64>-1);
  trace(WT_AD_UPDATE, 0);
  trace(WT_LEAF_PTE_ADDR, 0);
  trace(WT_LEAF_PTE, 0);
  trace(WT_PA, 0);

  // M-mode and satp.MODE = Bare: the physical address is the virtual address.
  if (priv == PRV_M || <i32>(satp >> SATP_MODE_SHIFT) != SATP_MODE_SV39) {
    trace(WT_PA, va);
    return finish(WALK_BARE);
  }
  // Sv39 requires bits 63:39 to equal bit 38, or the access page-faults.
  if (<u64>((<i64>(va << 25)) >> 25) != va) return finish(WALK_NONCANONICAL);

  // Step 1: a = satp.ppn × PAGESIZE, i = LEVELS − 1.
  let a: u64 = (satp & PPN_MASK) << PAGE_SHIFT;
  let i: i32 = LEVELS - 1;
  let pte: u64 = 0;
  let pteAddr: u64 = 0;
  while (true) {
    // Step 2: pte = the PTE at a + va.vpn[i] × PTESIZE; it must be readable memory (else access fault).
    const vpn = (va >> (PAGE_SHIFT + 9 * <u64>i)) & 0x1ff;
    pteAddr = a + vpn * PTE_SIZE;
    const n = <i32>load<u64>(<usize>WALK_TRACE + WT_LEVELS);
    const rec = <usize>WALK_TRACE + <usize>(WT_LEVEL_BASE + n * WT_LEVEL_STRIDE);
    store<u64>(rec, a);
    store<u64>(rec, pteAddr, 8);
    trace(WT_LEVELS, <u64>(n + 1));
    if (!isRam(pteAddr, 8)) return finish(WALK_PTE_ACCESS_FAULT);
    pte = load<u64>(ramHost(pteAddr));
    store<u64>(rec, pte, 16);

    // Step 3: V = 0, or W without R, or reserved bits set: page fault.
    if ((pte & PTE_V) == 0) return finish(WALK_INVALID);
    if ((pte & PTE_R) == 0 && (pte & PTE_W) != 0) return finish(WALK_RESERVED_WX);
    if ((pte & PTE_RESERVED_MASK) != 0) return finish(WALK_RESERVED_BITS);

    // Step 4: R or X set means a leaf; otherwise descend, and running out of levels is a fault.
    if ((pte & (PTE_R | PTE_X)) != 0) break;
    i -= 1;
    if (i < 0) return finish(WALK_NO_LEAF);
    a = ((pte >> PTE_PPN_SHIFT) & PPN_MASK) << PAGE_SHIFT;
  }
  trace(WT_LEAF_LEVEL, <u64>i);
  trace(WT_LEAF_PTE_ADDR, pteAddr);
  trace(WT_LEAF_PTE, pte);

  // Step 5: the leaf's R/W/X/U bits against the access, the privilege, SUM and MXR.
  const user = (pte & PTE_U) != 0;
  if (priv == PRV_U && !user) return finish(WALK_S_PAGE_FROM_U);
  if (priv == PRV_S && user) {
    if (access == ACCESS_FETCH) return finish(WALK_U_PAGE_FETCH_FROM_S);
    if ((options & WALK_OPT_SUM) == 0) return finish(WALK_U_PAGE_FROM_S);
  }
  if (access == ACCESS_FETCH && (pte & PTE_X) == 0) return finish(WALK_NOT_EXECUTABLE);
  if (access == ACCESS_LOAD) {
    const readable = (pte & PTE_R) != 0 || ((options & WALK_OPT_MXR) != 0 && (pte & PTE_X) != 0);
    if (!readable) return finish(WALK_NOT_READABLE);
  }
  if (access == ACCESS_STORE && (pte & PTE_W) == 0) return finish(WALK_NOT_WRITABLE);

  // Step 6: a superpage's lower PPN fields must be zero.
  const ppn = (pte >> PTE_PPN_SHIFT) & PPN_MASK;
  if (i > 0) {
    const lowMask: u64 = (<u64>1 << (9 * <u64>i)) - 1;
    if ((ppn & lowMask) != 0) return finish(WALK_MISALIGNED_SUPERPAGE);
  }

  // Step 7: A = 0, or a store with D = 0: fault (Svade), or ask the caller to set them (Svadu).
  let ad: u64 = 0;
  if ((pte & PTE_A) == 0) ad |= 1;
  if (access == ACCESS_STORE && (pte & PTE_D) == 0) ad |= 2;
  if (ad != 0) {
    if ((options & WALK_OPT_ADUE) == 0) return finish((ad & 1) != 0 ? WALK_A_CLEAR : WALK_D_CLEAR);
    trace(WT_AD_UPDATE, ad);
  }

  // Step 8: pa = the leaf's PPN, with the VPN fields below the leaf level taken from the VA.
  const offsetBits: u64 = PAGE_SHIFT + 9 * <u64>i;
  const offsetMask: u64 = (<u64>1 << offsetBits) - 1;
  const pa = ((ppn << PAGE_SHIFT) & ~offsetMask) | (va & offsetMask);
  trace(WT_PA, pa);
  return finish(WALK_OK);
}

/** The wasm address of a RAM physical address (caller checked isRam). */
@inline function ramHost(pa: u64): usize {
  return <usize>(pa - <u64>RAM_GUEST_BASE + <u64>RAM_HOST);
}

/** The physical address the last successful walk produced. */
@inline export function walkPa(): u64 {
  return load<u64>(<usize>WALK_TRACE + WT_PA);
}

/** The mcause a failed walk raises for an access of kind `access`. */
export function faultCause(reason: i32, access: i32): u64 {
  if (reason == WALK_PTE_ACCESS_FAULT) {
    return access == ACCESS_FETCH ? CAUSE_FETCH_ACCESS : access == ACCESS_LOAD ? CAUSE_LOAD_ACCESS : CAUSE_STORE_ACCESS;
  }
  return access == ACCESS_FETCH ? CAUSE_FETCH_PAGE_FAULT : access == ACCESS_LOAD ? CAUSE_LOAD_PAGE_FAULT : CAUSE_STORE_PAGE_FAULT;
}
