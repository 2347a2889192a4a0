// Control and status registers: who may access each one, and what a read or write does.
//
// csrRead/csrWrite are called only after csrAccessible() allowed the access. Writes apply the
// field's WARL rule; side effects (interrupt re-check, TLB regime or flush) are applied here.

import * as L from "./shared/layout";
import * as C from "./shared/csr";
import { requestInterruptCheck } from "./state";
import { selectTables, flushAll } from "./mmu/tlb";

// ---- constant register values ---------------------------------------------------------------

// misa: MXL = 2 (64-bit) and the extensions I M A F D C S U. Read-only: writes are ignored.
export const MISA_VALUE: u64 = (<u64>2 << 62) | (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20);

const MSTATUS_SD: u64 = <u64>1 << C.MSTATUS_SD_SHIFT;
// UXL = SXL = 2: U and S run 64-bit code, fixed.
const MSTATUS_XL_FIXED: u64 = (<u64>2 << C.MSTATUS_UXL_SHIFT) | (<u64>2 << C.MSTATUS_SXL_SHIFT);
const MSTATUS_WRITABLE: u64 = <u64>(C.MSTATUS_SIE | C.MSTATUS_MIE | C.MSTATUS_SPIE | C.MSTATUS_MPIE | C.MSTATUS_SPP |
  C.MSTATUS_MPP | C.MSTATUS_FS | C.MSTATUS_MPRV | C.MSTATUS_SUM | C.MSTATUS_MXR | C.MSTATUS_TVM | C.MSTATUS_TW | C.MSTATUS_TSR);
// sstatus is a restricted view of mstatus.
const SSTATUS_VISIBLE: u64 = <u64>(C.MSTATUS_SIE | C.MSTATUS_SPIE | C.MSTATUS_UBE | C.MSTATUS_SPP | C.MSTATUS_VS | C.MSTATUS_FS |
  C.MSTATUS_XS | C.MSTATUS_SUM | C.MSTATUS_MXR) | (<u64>3 << C.MSTATUS_UXL_SHIFT) | MSTATUS_SD;
const SSTATUS_WRITABLE: u64 = <u64>(C.MSTATUS_SIE | C.MSTATUS_SPIE | C.MSTATUS_SPP | C.MSTATUS_FS | C.MSTATUS_SUM | C.MSTATUS_MXR);

// Interrupts: S-level bits may be delegated; only these are software-writable in mip.
const S_INTERRUPTS: u64 = <u64>(C.MIP_SSIP | C.MIP_STIP | C.MIP_SEIP);
const ALL_INTERRUPTS: u64 = S_INTERRUPTS | <u64>(C.MIP_MSIP | C.MIP_MTIP | C.MIP_MEIP);
const MIP_WRITABLE: u64 = S_INTERRUPTS;
// medeleg: every exception except M-mode ecall (11) and the reserved 10 and 14.
const MEDELEG_WRITABLE: u64 = 0xb3ff;

const MENVCFG_STCE: u64 = <u64>1 << C.MENVCFG_STCE_SHIFT;
const MENVCFG_ADUE: u64 = <u64>1 << C.MENVCFG_ADUE_SHIFT;
const MENVCFG_WRITABLE: u64 = <u64>C.MENVCFG_FIOM | MENVCFG_ADUE | MENVCFG_STCE;
const SENVCFG_WRITABLE: u64 = <u64>C.MENVCFG_FIOM;

const PMPADDR_MASK: u64 = (<u64>1 << 54) - 1;
const PMP_ENTRIES: i32 = 16;
const PMP_LOCK: u64 = 0x80;

// ---- field helpers --------------------------------------------------------------------------

@inline function get(field: i32): u64 {
  return load<u64>(<usize>field);
}
@inline function set(field: i32, v: u64): void {
  store<u64>(<usize>field, v);
}

/** mstatus with SD computed from FS (the only dirty-able state this hart has). */
export function readMstatus(): u64 {
  let v = get(L.MSTATUS) | MSTATUS_XL_FIXED;
  if (((v >> C.MSTATUS_FS_SHIFT) & 3) == C.FS_DIRTY) v |= MSTATUS_SD;
  else v &= ~MSTATUS_SD;
  return v;
}

/** Write mstatus's writable fields, keeping WARL rules, and apply the side effects. */
export function writeMstatus(v: u64): void {
  const old = get(L.MSTATUS);
  let n = (old & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE);
  // MPP is WARL over the implemented modes: 2 (reserved) reads back as U.
  if (((n >> C.MSTATUS_MPP_SHIFT) & 3) == 2) n &= ~(<u64>C.MSTATUS_MPP);
  set(L.MSTATUS, n & ~MSTATUS_SD);
  afterMstatusChange(old, n);
}

/** Side effects of an mstatus change (also used by trap entry and xRET). */
export function afterMstatusChange(old: u64, n: u64): void {
  const changed = old ^ n;
  if ((changed & <u64>(C.MSTATUS_MIE | C.MSTATUS_SIE)) != 0) requestInterruptCheck();
  if ((changed & <u64>C.MSTATUS_MXR) != 0) flushAll();
  if ((changed & <u64>(C.MSTATUS_MPRV | C.MSTATUS_MPP | C.MSTATUS_SUM)) != 0) selectTables();
}

/** Set mstatus.FS = Dirty (and so SD): any write to an f register or fcsr does this. */
export function markFpDirty(): void {
  set(L.MSTATUS, get(L.MSTATUS) | (<u64>C.FS_DIRTY << C.MSTATUS_FS_SHIFT));
}

/** Is the FPU enabled (mstatus.FS != Off)? */
@inline export function fpEnabled(): bool {
  return ((get(L.MSTATUS) >> C.MSTATUS_FS_SHIFT) & 3) != C.FS_OFF;
}

/** The current mtime as the hart sees it (see TIME_INSNS_PER_TICK in layout.ts). */
export function currentTime(): u64 {
  const per = get(L.TIME_INSNS_PER_TICK);
  if (per == 0) return get(L.MTIME);
  return get(L.MTIME) + (get(L.INSN_COUNT) - get(L.MTIME_INSTRET)) / per;
}

/** The timer-pending bits computed from mtime: MTIP from mtimecmp, STIP from stimecmp (Sstc). */
export function timerPending(): u64 {
  const now = currentTime();
  let p: u64 = 0;
  if (now >= get(L.MTIMECMP)) p |= <u64>C.MIP_MTIP;
  if ((get(L.MENVCFG) & MENVCFG_STCE) != 0) {
    if (now >= get(L.STIMECMP)) p |= <u64>C.MIP_STIP;
  }
  return p;
}

/** mip as software reads it: written bits | device lines | timers. With Sstc on, STIP is the comparator's. */
export function readMip(): u64 {
  let sw = get(L.MIP);
  if ((get(L.MENVCFG) & MENVCFG_STCE) != 0) sw &= ~(<u64>C.MIP_STIP);
  return (sw | get(L.HW_IRQ) | timerPending()) & ALL_INTERRUPTS;
}

// ---- access rules -----------------------------------------------------------------------------

/**
 * May the current privilege access `csr` (for writing if `write`)? The rules: the CSR exists; its
 * bits 9:8 give the lowest privilege; bits 11:10 = 3 mark it read-only; plus the per-CSR rules
 * (counter enables, TVM for satp, STCE for stimecmp, FS for the FP CSRs).
 */
export function csrAccessible(csr: i32, write: bool): bool {
  const priv = <i32>get(L.PRIV);
  if (!csrExists(csr)) return false;
  if (priv < ((csr >> 8) & 3)) return false;
  if (write && ((csr >> 10) & 3) == 3) return false;
  if (csr >= C.CSR_CYCLE && csr <= C.CSR_HPMCOUNTER31) return counterEnabled(csr - C.CSR_CYCLE, priv);
  if (csr == C.CSR_SATP && priv == C.PRV_S && (get(L.MSTATUS) & <u64>C.MSTATUS_TVM) != 0) return false;
  if (csr == C.CSR_STIMECMP && priv == C.PRV_S) {
    if ((get(L.MENVCFG) & MENVCFG_STCE) == 0) return false;
    if ((get(L.MCOUNTEREN) & 2) == 0) return false;
  }
  if (csr >= C.CSR_FFLAGS && csr <= C.CSR_FCSR && !fpEnabled()) return false;
  return true;
}

/** Zicntr: U needs mcounteren and scounteren bit i, S needs mcounteren bit i. */
function counterEnabled(i: i32, priv: i32): bool {
  if (priv == C.PRV_M) return true;
  if (((get(L.MCOUNTEREN) >> <u64>i) & 1) == 0) return false;
  if (priv == C.PRV_U && ((get(L.SCOUNTEREN) >> <u64>i) & 1) == 0) return false;
  return true;
}

function csrExists(csr: i32): bool {
  switch (csr) {
    case C.CSR_FFLAGS: case C.CSR_FRM: case C.CSR_FCSR:
    case C.CSR_SSTATUS: case C.CSR_SIE: case C.CSR_STVEC: case C.CSR_SCOUNTEREN: case C.CSR_SENVCFG:
    case C.CSR_SSCRATCH: case C.CSR_SEPC: case C.CSR_SCAUSE: case C.CSR_STVAL: case C.CSR_SIP:
    case C.CSR_STIMECMP: case C.CSR_SATP:
    case C.CSR_MVENDORID: case C.CSR_MARCHID: case C.CSR_MIMPID: case C.CSR_MHARTID: case C.CSR_MCONFIGPTR:
    case C.CSR_MSTATUS: case C.CSR_MISA: case C.CSR_MEDELEG: case C.CSR_MIDELEG: case C.CSR_MIE:
    case C.CSR_MTVEC: case C.CSR_MCOUNTEREN: case C.CSR_MENVCFG: case C.CSR_MCOUNTINHIBIT:
    case C.CSR_MSCRATCH: case C.CSR_MEPC: case C.CSR_MCAUSE: case C.CSR_MTVAL: case C.CSR_MIP:
    case C.CSR_MCYCLE: case C.CSR_MINSTRET:
    // Debug triggers (Sdtrig): none are implemented, so tselect/tdata* read as zero ("no trigger")
    // and ignore writes, which is how software probes for triggers.
    case C.CSR_TSELECT: case C.CSR_TDATA1: case C.CSR_TDATA2: case C.CSR_TDATA3:
      return true;
  }
  if (csr >= C.CSR_CYCLE && csr <= C.CSR_HPMCOUNTER31) return true;
  if (csr >= C.CSR_MHPMCOUNTER3 && csr <= C.CSR_MHPMCOUNTER31) return true;
  if (csr >= C.CSR_MHPMEVENT3 && csr <= C.CSR_MHPMEVENT31) return true;
  // RV64 has only the even pmpcfg registers.
  if (csr >= C.CSR_PMPCFG0 && csr <= C.CSR_PMPCFG15) return (csr & 1) == 0;
  if (csr >= C.CSR_PMPADDR0 && csr <= C.CSR_PMPADDR63) return true;
  return false;
}

// ---- read ---------------------------------------------------------------------------------------

export function csrRead(csr: i32): u64 {
  switch (csr) {
    case C.CSR_FFLAGS: return get(L.FCSR) & <u64>C.FCSR_FFLAGS_MASK;
    case C.CSR_FRM: return (get(L.FCSR) >> <u64>C.FCSR_FRM_SHIFT) & 7;
    case C.CSR_FCSR: return get(L.FCSR) & 0xff;
    case C.CSR_CYCLE: return get(L.MCYCLE);
    case C.CSR_TIME: return currentTime();
    case C.CSR_INSTRET: return get(L.MINSTRET);
    case C.CSR_SSTATUS: return readMstatus() & SSTATUS_VISIBLE;
    case C.CSR_SIE: return get(L.MIE) & get(L.MIDELEG);
    case C.CSR_STVEC: return get(L.STVEC);
    case C.CSR_SCOUNTEREN: return get(L.SCOUNTEREN);
    case C.CSR_SENVCFG: return get(L.SENVCFG);
    case C.CSR_SSCRATCH: return get(L.SSCRATCH);
    case C.CSR_SEPC: return get(L.SEPC);
    case C.CSR_SCAUSE: return get(L.SCAUSE);
    case C.CSR_STVAL: return get(L.STVAL);
    case C.CSR_SIP: return readMip() & get(L.MIDELEG);
    case C.CSR_STIMECMP: return get(L.STIMECMP);
    case C.CSR_SATP: return get(L.SATP);
    case C.CSR_MVENDORID: case C.CSR_MARCHID: case C.CSR_MIMPID: case C.CSR_MCONFIGPTR: return 0;
    case C.CSR_MHARTID: return get(L.MHARTID);
    case C.CSR_MSTATUS: return readMstatus();
    case C.CSR_MISA: return MISA_VALUE;
    case C.CSR_MEDELEG: return get(L.MEDELEG);
    case C.CSR_MIDELEG: return get(L.MIDELEG);
    case C.CSR_MIE: return get(L.MIE);
    case C.CSR_MTVEC: return get(L.MTVEC);
    case C.CSR_MCOUNTEREN: return get(L.MCOUNTEREN);
    case C.CSR_MENVCFG: return get(L.MENVCFG);
    case C.CSR_MCOUNTINHIBIT: return get(L.MCOUNTINHIBIT);
    case C.CSR_MSCRATCH: return get(L.MSCRATCH);
    case C.CSR_MEPC: return get(L.MEPC);
    case C.CSR_MCAUSE: return get(L.MCAUSE);
    case C.CSR_MTVAL: return get(L.MTVAL);
    case C.CSR_MIP: return readMip();
    case C.CSR_MCYCLE: return get(L.MCYCLE);
    case C.CSR_MINSTRET: return get(L.MINSTRET);
  }
  if (csr == C.CSR_PMPCFG0) return get(L.PMPCFG0);
  if (csr == C.CSR_PMPCFG0 + 2) return get(L.PMPCFG2);
  if (csr >= C.CSR_PMPADDR0 && csr < C.CSR_PMPADDR0 + PMP_ENTRIES) return get(L.PMPADDR + (csr - C.CSR_PMPADDR0) * 8);
  // Unimplemented hpm counters/events and the higher PMP registers read as zero.
  return 0;
}

// ---- write --------------------------------------------------------------------------------------

export function csrWrite(csr: i32, v: u64): void {
  switch (csr) {
    case C.CSR_FFLAGS:
      set(L.FCSR, (get(L.FCSR) & ~(<u64>C.FCSR_FFLAGS_MASK)) | (v & <u64>C.FCSR_FFLAGS_MASK));
      markFpDirty();
      return;
    case C.CSR_FRM:
      set(L.FCSR, (get(L.FCSR) & ~(<u64>C.FCSR_FRM_MASK)) | ((v & 7) << <u64>C.FCSR_FRM_SHIFT));
      markFpDirty();
      return;
    case C.CSR_FCSR:
      set(L.FCSR, v & 0xff);
      markFpDirty();
      return;
    case C.CSR_SSTATUS:
      writeMstatus((get(L.MSTATUS) & ~SSTATUS_WRITABLE) | (v & SSTATUS_WRITABLE));
      return;
    case C.CSR_SIE: {
      const d = get(L.MIDELEG);
      set(L.MIE, (get(L.MIE) & ~d) | (v & d));
      requestInterruptCheck();
      return;
    }
    case C.CSR_STVEC: set(L.STVEC, legalTvec(v)); return;
    case C.CSR_SCOUNTEREN: set(L.SCOUNTEREN, v & 0xffffffff); return;
    case C.CSR_SENVCFG: set(L.SENVCFG, v & SENVCFG_WRITABLE); return;
    case C.CSR_SSCRATCH: set(L.SSCRATCH, v); return;
    case C.CSR_SEPC: set(L.SEPC, v & ~(<u64>1)); return;
    case C.CSR_SCAUSE: set(L.SCAUSE, v); return;
    case C.CSR_STVAL: set(L.STVAL, v); return;
    case C.CSR_SIP: {
      // Only SSIP is writable through sip, and only when delegated.
      const m = get(L.MIDELEG) & <u64>C.MIP_SSIP;
      set(L.MIP, (get(L.MIP) & ~m) | (v & m));
      requestInterruptCheck();
      return;
    }
    case C.CSR_STIMECMP: set(L.STIMECMP, v); requestInterruptCheck(); return;
    case C.CSR_SATP: writeSatp(v); return;
    case C.CSR_MSTATUS: writeMstatus(v); return;
    case C.CSR_MISA: return; // read-only: the extensions cannot be switched off
    case C.CSR_MEDELEG: set(L.MEDELEG, v & MEDELEG_WRITABLE); return;
    case C.CSR_MIDELEG: set(L.MIDELEG, v & S_INTERRUPTS); requestInterruptCheck(); return;
    case C.CSR_MIE: set(L.MIE, v & ALL_INTERRUPTS); requestInterruptCheck(); return;
    case C.CSR_MTVEC: set(L.MTVEC, legalTvec(v)); return;
    case C.CSR_MCOUNTEREN: set(L.MCOUNTEREN, v & 0xffffffff); return;
    case C.CSR_MENVCFG: {
      const old = get(L.MENVCFG);
      const n = v & MENVCFG_WRITABLE;
      set(L.MENVCFG, n);
      if (((old ^ n) & MENVCFG_ADUE) != 0) flushAll();
      requestInterruptCheck();
      return;
    }
    case C.CSR_MCOUNTINHIBIT: set(L.MCOUNTINHIBIT, v & 5); return;
    case C.CSR_MSCRATCH: set(L.MSCRATCH, v); return;
    case C.CSR_MEPC: set(L.MEPC, v & ~(<u64>1)); return;
    case C.CSR_MCAUSE: set(L.MCAUSE, v); return;
    case C.CSR_MTVAL: set(L.MTVAL, v); return;
    case C.CSR_MIP: {
      let m = MIP_WRITABLE;
      // With Sstc enabled, STIP is driven by stimecmp and not writable.
      if ((get(L.MENVCFG) & MENVCFG_STCE) != 0) m &= ~(<u64>C.MIP_STIP);
      set(L.MIP, (get(L.MIP) & ~m) | (v & m));
      requestInterruptCheck();
      return;
    }
    // "A value written to instret by one instruction will be the value read by the following
    // instruction" (Zicsr): the writing instruction itself must not count on top of it.
    case C.CSR_MCYCLE: set(L.MCYCLE, (get(L.MCOUNTINHIBIT) & 1) == 0 ? v - 1 : v); return;
    case C.CSR_MINSTRET: set(L.MINSTRET, (get(L.MCOUNTINHIBIT) & 4) == 0 ? v - 1 : v); return;
  }
  if (csr == C.CSR_PMPCFG0 || csr == C.CSR_PMPCFG0 + 2) {
    writePmpcfg(csr == C.CSR_PMPCFG0 ? L.PMPCFG0 : L.PMPCFG2, v);
    return;
  }
  if (csr >= C.CSR_PMPADDR0 && csr < C.CSR_PMPADDR0 + PMP_ENTRIES) {
    const i = csr - C.CSR_PMPADDR0;
    if (!pmpLocked(i)) set(L.PMPADDR + i * 8, v & PMPADDR_MASK);
    return;
  }
  // Everything else that exists is read-only zero or WARL-ignored (hpm counters/events, pmp 16..63).
}

/** xtvec: MODE 0 (direct) and 1 (vectored) are legal; a reserved mode is written as direct. */
function legalTvec(v: u64): u64 {
  return (v & 3) >= 2 ? v & ~(<u64>3) : v;
}

/** satp: only Bare and Sv39 are implemented; writing another MODE leaves satp unchanged (spec 4.1.11). */
function writeSatp(v: u64): void {
  const mode = <i32>(v >> C.SATP_MODE_SHIFT);
  if (mode != C.SATP_MODE_BARE && mode != C.SATP_MODE_SV39) return;
  set(L.SATP, v);
  flushAll();
  logSatp(v);
}

/** Remember `v` in the satp log (see SATP_LOG in layout.ts): refresh its entry or replace the stalest. */
function logSatp(v: u64): void {
  let victim: usize = <usize>L.SATP_LOG;
  let oldest: u64 = <u64>-1;
  for (let i = 0; i < L.SATP_LOG_ENTRIES; i++) {
    const e = <usize>L.SATP_LOG + <usize>(i * L.SATP_LOG_STRIDE);
    const seen = load<u64>(e, 24);
    if (load<u64>(e) == v && seen != 0) { victim = e; break; }
    if (seen < oldest) { oldest = seen; victim = e; }
  }
  store<u64>(victim, v);
  store<u64>(victim, get(L.PC), 8);
  store<u64>(victim, get(L.PRIV), 16);
  store<u64>(victim, get(L.MINSTRET) + 1, 24); // +1 so that "seen" is never 0 for a used entry
}

/** PMP configuration (WARL storage, not enforced): locked entries keep their value. */
function writePmpcfg(field: i32, v: u64): void {
  const old = get(field);
  let n: u64 = 0;
  for (let b: u64 = 0; b < 8; b++) {
    const oldByte = (old >> (8 * b)) & 0xff;
    let byte = (v >> (8 * b)) & 0xff;
    if ((oldByte & PMP_LOCK) != 0) byte = oldByte;
    // R = 0, W = 1 is reserved: keep it out (read back W cleared).
    if ((byte & 3) == 2) byte &= ~(<u64>2);
    byte &= 0x9f; // bits 6:5 are reserved
    n |= byte << (8 * b);
  }
  set(field, n);
}

function pmpLocked(i: i32): bool {
  const cfg = i < 8 ? get(L.PMPCFG0) : get(L.PMPCFG2);
  const byte = (cfg >> (8 * <u64>(i & 7))) & 0xff;
  if ((byte & PMP_LOCK) != 0) return true;
  // A locked TOR entry also locks the address register below it.
  if (i + 1 < PMP_ENTRIES) {
    const next = i + 1 < 8 ? get(L.PMPCFG0) : get(L.PMPCFG2);
    const nb = (next >> (8 * <u64>((i + 1) & 7))) & 0xff;
    if ((nb & PMP_LOCK) != 0 && ((nb >> 3) & 3) == 1) return true;
  }
  return false;
}
