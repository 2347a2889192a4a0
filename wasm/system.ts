// The out-of-line instructions: SYSTEM (ecall, ebreak, xret, wfi, sfence.vma, the Zicsr ops),
// FENCE.I and the A extension. They run rarely compared with the ALU, loads and stores, so they
// live here and not in the hot loop. Each returns the next pc; a fault is left in excPending.

import * as L from "./shared/layout";
import * as C from "./shared/csr";
import * as O from "./shared/ops";
import {
  CAUSE_ILLEGAL_INSTRUCTION, CAUSE_BREAKPOINT, CAUSE_USER_ECALL, CAUSE_SUPERVISOR_ECALL, CAUSE_MACHINE_ECALL,
  CAUSE_LOAD_ACCESS, CAUSE_STORE_ACCESS,
} from "./shared/causes";
import { DECODE_BASE, DECODE_END } from "./shared/layout";
import { xr, xw, raiseException, excPending } from "./state";
import { csrAccessible, csrRead, csrWrite } from "./csr";
import { mret, sret, wfiWakeup } from "./trap";
import { flushAll, flushPage } from "./mmu/tlb";
import { translateAtomic, watchCheck } from "./mmu/access";
import { physRead, physWrite, physFaulted } from "./memory";
import { E_RAW, E_OP, E_RD, E_RS1, E_RS2, E_IMM, E_LEN, E_CSR } from "./decode";

@inline function get(field: i32): u64 {
  return load<u64>(<usize>field);
}

/** Set by wfi when nothing is pending: the run loop returns EXIT_WFI so the host can sleep. */
export let wfiSleep: bool = false;
export function clearWfiSleep(): void {
  wfiSleep = false;
}

function illegal(e: usize): void {
  const raw = load<u32>(e, E_RAW);
  const len = load<u8>(e, E_LEN);
  raiseException(CAUSE_ILLEGAL_INSTRUCTION, <u64>(len == 2 ? raw & 0xffff : raw));
}

/** Invalidate every decoded instruction (fence.i: the code the hart caches must be re-read). */
export function flushDecodeCache(): void {
  // An entry is valid only while its raw bits match memory; zero raw bits never match a fetched
  // word except the all-zero illegal instruction, which decodes to OP_ILLEGAL as stored.
  memory.fill(<usize>DECODE_BASE, 0, <usize>(DECODE_END - DECODE_BASE));
}

/** Execute the SYSTEM, FENCE.I or AMO instruction in decode entry `e` at `pc`. Returns the next pc. */
export function executeSystem(e: usize, pc: u64): u64 {
  const op = <i32>load<u8>(e, E_OP);
  const npc = pc + <u64>load<u8>(e, E_LEN);
  const priv = <i32>get(L.PRIV);
  switch (op) {
    case O.OP_ECALL:
      raiseException(priv == C.PRV_U ? CAUSE_USER_ECALL : priv == C.PRV_S ? CAUSE_SUPERVISOR_ECALL : CAUSE_MACHINE_ECALL, 0);
      return pc;
    case O.OP_EBREAK:
      // mtval = the pc of the ebreak (as QEMU and Spike write it).
      raiseException(CAUSE_BREAKPOINT, pc);
      return pc;
    case O.OP_MRET:
      if (priv != C.PRV_M) { illegal(e); return pc; }
      return mret();
    case O.OP_SRET:
      if (priv < C.PRV_S || (priv == C.PRV_S && (get(L.MSTATUS) & <u64>C.MSTATUS_TSR) != 0)) { illegal(e); return pc; }
      return sret();
    case O.OP_WFI:
      // U-mode wfi, and S-mode wfi with TW = 1, are illegal (they would not complete in bounded time).
      if (priv == C.PRV_U || (priv == C.PRV_S && (get(L.MSTATUS) & <u64>C.MSTATUS_TW) != 0)) { illegal(e); return pc; }
      if (!wfiWakeup()) wfiSleep = true;
      return npc;
    case O.OP_SFENCE_VMA: {
      if (priv == C.PRV_U || (priv == C.PRV_S && (get(L.MSTATUS) & <u64>C.MSTATUS_TVM) != 0)) { illegal(e); return pc; }
      const rs1 = <u32>load<u8>(e, E_RS1);
      const rs2 = <u32>load<u8>(e, E_RS2);
      // By address alone: drop that page. With an ASID (rs2 != x0) or for everything: drop all —
      // the TLB does not tag entries with ASIDs, so flushing more is always correct.
      if (rs1 != 0 && rs2 == 0) flushPage(xr(rs1));
      else flushAll();
      return npc;
    }
    case O.OP_FENCE_I:
      flushDecodeCache();
      return npc;
  }
  if (op >= O.OP_CSRRW && op <= O.OP_CSRRCI) return executeCsr(e, op, pc, npc);
  if (op >= O.OP_LR_W && op <= O.OP_AMOMAXU_D) return executeAtomic(e, op, pc, npc);
  illegal(e);
  return pc;
}

/**
 * Zicsr. CSRRW/CSRRWI with rd = x0 do not read; CSRRS/CSRRC with rs1 = x0 (and the I forms with
 * uimm = 0) do not write, so they may read read-only CSRs.
 */
function executeCsr(e: usize, op: i32, pc: u64, npc: u64): u64 {
  const csr = <i32>load<u16>(e, E_CSR);
  const rdField = <u32>load<i32>(e, E_IMM);  // the architectural rd (0 means x0)
  const rd = <u32>load<u8>(e, E_RD);         // the register to write (x0 redirected to the sink)
  const rs1 = <u32>load<u8>(e, E_RS1);
  const imm = op >= O.OP_CSRRWI;
  const src: u64 = imm ? <u64>rs1 : xr(rs1);
  const isWrite = op == O.OP_CSRRW || op == O.OP_CSRRWI || rs1 != 0;
  const isRead = !((op == O.OP_CSRRW || op == O.OP_CSRRWI) && rdField == 0);
  if (!csrAccessible(csr, isWrite)) {
    illegal(e);
    return pc;
  }
  const old: u64 = isRead ? csrRead(csr) : 0;
  if (isWrite) {
    let v = src;
    if (op == O.OP_CSRRS || op == O.OP_CSRRSI) v = old | src;
    else if (op == O.OP_CSRRC || op == O.OP_CSRRCI) v = old & ~src;
    csrWrite(csr, v);
  }
  xw(rd, old);
  return npc;
}

/** The A extension: LR/SC with one reservation, and the AMOs (.w results sign-extended). */
function executeAtomic(e: usize, op: i32, pc: u64, npc: u64): u64 {
  const rd = <u32>load<u8>(e, E_RD);
  const addr = xr(<u32>load<u8>(e, E_RS1));
  const src = xr(<u32>load<u8>(e, E_RS2));
  const isD = op >= O.OP_LR_D;
  const size: u32 = isD ? 8 : 4;
  const base = isD ? op - O.OP_LR_D : op - O.OP_LR_W; // 0 = LR, 1 = SC, 2.. = AMOs in ops.ts order

  if (base == 0) {                                                   // LR
    const pa = translateAtomic(addr, size, true);
    if (excPending) return pc;
    const v = physRead(pa, size);
    if (physFaulted()) { raiseException(CAUSE_LOAD_ACCESS, addr); return pc; }
    store<u64>(L.RESERVATION, pa);
    store<u64>(L.RESERVED, 1);
    watchCheck(addr, pa, size, false);
    xw(rd, isD ? v : <u64><i64><i32>v);
    return npc;
  }
  const pa = translateAtomic(addr, size, false);
  if (excPending) return pc;
  if (base == 1) {                                                   // SC
    const ok = get(L.RESERVED) != 0 && get(L.RESERVATION) == pa;
    store<u64>(L.RESERVED, 0); // SC always ends the reservation, success or not
    if (ok) {
      physWrite(pa, src, size);
      if (physFaulted()) { raiseException(CAUSE_STORE_ACCESS, addr); return pc; }
    }
    xw(rd, ok ? 0 : 1);
    return npc;
  }
  const raw = physRead(pa, size);
  if (physFaulted()) { raiseException(CAUSE_STORE_ACCESS, addr); return pc; }
  // Work on sign-extended values for .w so min/max compare as the spec's 32-bit integers.
  const a: u64 = isD ? raw : <u64><i64><i32>raw;
  const b: u64 = isD ? src : <u64><i64><i32>src;
  const au: u64 = isD ? raw : raw & 0xffffffff;
  const bu: u64 = isD ? src : src & 0xffffffff;
  let r: u64 = 0;
  switch (base) {
    case 2: r = b; break;                                            // AMOSWAP
    case 3: r = a + b; break;                                        // AMOADD
    case 4: r = a ^ b; break;                                        // AMOXOR
    case 5: r = a & b; break;                                        // AMOAND
    case 6: r = a | b; break;                                        // AMOOR
    case 7: r = <i64>a < <i64>b ? a : b; break;                      // AMOMIN
    case 8: r = <i64>a > <i64>b ? a : b; break;                      // AMOMAX
    case 9: r = au < bu ? a : b; break;                              // AMOMINU
    case 10: r = au > bu ? a : b; break;                             // AMOMAXU
  }
  physWrite(pa, r, size);
  if (physFaulted()) { raiseException(CAUSE_STORE_ACCESS, addr); return pc; }
  watchCheck(addr, pa, size, true);
  xw(rd, a);
  return npc;
}

export { E_OP, E_RS2 };
