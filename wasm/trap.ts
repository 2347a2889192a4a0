// Traps: entering a handler (exceptions and interrupts, with delegation), choosing which pending
// interrupt is taken, and returning with mret/sret. Privileged spec v1.12, sections 3.1.6–3.1.9,
// 3.3.2 and 4.1.1.

import * as L from "./shared/layout";
import * as C from "./shared/csr";
import { readMstatus, afterMstatusChange, readMip } from "./csr";
import { selectTables } from "./mmu/tlb";
import { requestInterruptCheck, requestDebugStop } from "./state";
import { DBG_FLAG_PRIV, DBG_STOP_PRIV, DBG_STOP_TRAP } from "./shared/exits";

const INTERRUPT_BIT: u64 = <u64>1 << 63;

@inline function get(field: i32): u64 {
  return load<u64>(<usize>field);
}
@inline function set(field: i32, v: u64): void {
  store<u64>(<usize>field, v);
}

/** Switch privilege; the TLB regime follows (and the debugger may want to stop). */
function setPriv(p: i32): void {
  if ((get(L.DBG_FLAGS) & DBG_FLAG_PRIV) != 0 && <u64>p != get(L.PRIV)) requestDebugStop(DBG_STOP_PRIV, <u64>p);
  set(L.PRIV, <u64>p);
  selectTables();
  requestInterruptCheck();
}

/**
 * Take a trap with `cause` (bit 63 set for interrupts) and `tval`, the trapping instruction being at
 * `epc`. Handles delegation to S-mode (medeleg/mideleg, only from S or U), the xPP/xPIE/xIE stack,
 * and vectored xtvec. Returns the handler's pc (also stored at PC).
 */
export function takeTrap(cause: u64, tval: u64, epc: u64): u64 {
  const priv = <i32>get(L.PRIV);
  const isInterrupt = (cause & INTERRUPT_BIT) != 0;
  const code = cause & ~INTERRUPT_BIT;
  const deleg = isInterrupt ? get(L.MIDELEG) : get(L.MEDELEG);
  const toS = priv <= C.PRV_S && code < 64 && ((deleg >> code) & 1) != 0;

  set(L.RESERVED, 0); // a trap breaks any LR reservation
  set(L.LAST_TRAP_CAUSE, cause);
  set(L.LAST_TRAP_EPC, epc);
  set(L.LAST_TRAP_TVAL, tval);
  set(L.LAST_TRAP_FROM, <u64>priv);
  set(L.LAST_TRAP_TO, toS ? C.PRV_S : C.PRV_M);
  // The trap log keeps the last TRAP_LOG_ENTRIES traps for the debugger.
  const n = get(L.TRAP_COUNT);
  const rec = <usize>L.TRAP_LOG + <usize>((n % <u64>L.TRAP_LOG_ENTRIES) * <u64>L.TRAP_LOG_STRIDE);
  store<u64>(rec, cause);
  store<u64>(rec, epc, 8);
  store<u64>(rec, tval, 16);
  store<u64>(rec, <u64>priv | ((toS ? <u64>C.PRV_S : <u64>C.PRV_M) << 8), 24);
  set(L.TRAP_COUNT, n + 1);
  const stopMask = isInterrupt ? get(L.DBG_IRQ_MASK) : get(L.DBG_TRAP_MASK);
  if (code < 64 && ((stopMask >> code) & 1) != 0) requestDebugStop(DBG_STOP_TRAP, tval);

  const old = get(L.MSTATUS);
  let ms = old;
  let tvec: u64;
  if (toS) {
    set(L.SCAUSE, cause);
    set(L.SEPC, epc);
    set(L.STVAL, tval);
    // SPP = the old privilege; SPIE = SIE; SIE = 0.
    ms = (ms & ~(<u64>C.MSTATUS_SPP)) | (priv == C.PRV_S ? <u64>C.MSTATUS_SPP : 0);
    ms = (ms & ~(<u64>C.MSTATUS_SPIE)) | ((ms & <u64>C.MSTATUS_SIE) != 0 ? <u64>C.MSTATUS_SPIE : 0);
    ms &= ~(<u64>C.MSTATUS_SIE);
    tvec = get(L.STVEC);
  } else {
    set(L.MCAUSE, cause);
    set(L.MEPC, epc);
    set(L.MTVAL, tval);
    // MPP = the old privilege; MPIE = MIE; MIE = 0.
    ms = (ms & ~(<u64>C.MSTATUS_MPP)) | (<u64>priv << C.MSTATUS_MPP_SHIFT);
    ms = (ms & ~(<u64>C.MSTATUS_MPIE)) | ((ms & <u64>C.MSTATUS_MIE) != 0 ? <u64>C.MSTATUS_MPIE : 0);
    ms &= ~(<u64>C.MSTATUS_MIE);
    tvec = get(L.MTVEC);
  }
  set(L.MSTATUS, ms);
  setPriv(toS ? C.PRV_S : C.PRV_M);
  afterMstatusChange(old, ms);

  let pc = tvec & ~(<u64>3);
  if ((tvec & 3) == 1 && isInterrupt) pc += 4 * code;
  set(L.PC, pc);
  return pc;
}

/**
 * The interrupt to take now, as an mcause value, or 0 if none. Priority (spec 3.1.9): MEI, MSI, MTI,
 * SEI, SSI, STI. An interrupt for M is enabled in M only when MIE is set and always in S/U; one
 * delegated to S is enabled in S only when SIE is set, always in U, never in M.
 */
export function pendingInterrupt(): u64 {
  const pending = readMip() & get(L.MIE);
  if (pending == 0) return 0;
  const priv = <i32>get(L.PRIV);
  const ms = get(L.MSTATUS);
  const deleg = get(L.MIDELEG);
  const mEnabled = priv < C.PRV_M || (ms & <u64>C.MSTATUS_MIE) != 0;
  const sEnabled = priv < C.PRV_S || (priv == C.PRV_S && (ms & <u64>C.MSTATUS_SIE) != 0);
  let take: u64 = 0;
  if (mEnabled) take |= pending & ~deleg;
  if (sEnabled) take |= pending & deleg;
  if (take == 0) return 0;
  if (take & <u64>C.MIP_MEIP) return INTERRUPT_BIT | C.IRQ_M_EXT;
  if (take & <u64>C.MIP_MSIP) return INTERRUPT_BIT | C.IRQ_M_SOFT;
  if (take & <u64>C.MIP_MTIP) return INTERRUPT_BIT | C.IRQ_M_TIMER;
  if (take & <u64>C.MIP_SEIP) return INTERRUPT_BIT | C.IRQ_S_EXT;
  if (take & <u64>C.MIP_SSIP) return INTERRUPT_BIT | C.IRQ_S_SOFT;
  if (take & <u64>C.MIP_STIP) return INTERRUPT_BIT | C.IRQ_S_TIMER;
  return 0;
}

/** Would an interrupt wake a wfi (pending and enabled in mie, whatever the global enables)? */
export function wfiWakeup(): bool {
  return (readMip() & get(L.MIE)) != 0;
}

/** mret: back to MPP with MIE = MPIE; MPIE = 1; MPP = U; leaving M clears MPRV. Returns the new pc. */
export function mret(): u64 {
  const old = get(L.MSTATUS);
  const prev = <i32>((old >> C.MSTATUS_MPP_SHIFT) & 3);
  let ms = old;
  ms = (ms & ~(<u64>C.MSTATUS_MIE)) | ((ms & <u64>C.MSTATUS_MPIE) != 0 ? <u64>C.MSTATUS_MIE : 0);
  ms |= <u64>C.MSTATUS_MPIE;
  ms &= ~(<u64>C.MSTATUS_MPP);
  if (prev != C.PRV_M) ms &= ~(<u64>C.MSTATUS_MPRV);
  set(L.MSTATUS, ms);
  setPriv(prev);
  afterMstatusChange(old, ms);
  const pc = get(L.MEPC);
  set(L.PC, pc);
  return pc;
}

/** sret: back to SPP with SIE = SPIE; SPIE = 1; SPP = U; MPRV cleared. Returns the new pc. */
export function sret(): u64 {
  const old = get(L.MSTATUS);
  const prev = (old & <u64>C.MSTATUS_SPP) != 0 ? C.PRV_S : C.PRV_U;
  let ms = old;
  ms = (ms & ~(<u64>C.MSTATUS_SIE)) | ((ms & <u64>C.MSTATUS_SPIE) != 0 ? <u64>C.MSTATUS_SIE : 0);
  ms |= <u64>C.MSTATUS_SPIE;
  ms &= ~(<u64>C.MSTATUS_SPP);
  ms &= ~(<u64>C.MSTATUS_MPRV);
  set(L.MSTATUS, ms);
  setPriv(prev);
  afterMstatusChange(old, ms);
  const pc = get(L.SEPC);
  set(L.PC, pc);
  return pc;
}

export { readMstatus };
