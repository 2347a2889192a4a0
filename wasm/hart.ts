// The hart: reset, and run(budget) — fetch (through the fetch TLB), decode (through the decode
// cache), execute — until the budget is spent, a wfi finds nothing to do, or the host asks to stop.
//
// Hot path and slow path are kept apart: the loop below handles ALU ops, branches, and loads/stores
// that hit the TLB inline; everything else (TLB misses, MMIO, page-crossing accesses, SYSTEM, AMOs,
// the FPU, traps) goes out of line, and after any of those the loop re-reads its cached locals and
// re-checks interrupts.

import * as L from "./shared/layout";
import * as O from "./shared/ops";
import * as C from "./shared/csr";
import { EXIT_BUDGET, EXIT_WFI, EXIT_HOST, EXIT_BREAKPOINT, DBG_FLAG_BREAKPOINTS, DBG_FLAG_STEP_OVER, DBG_STOP_PC } from "./shared/exits";
import { CAUSE_ILLEGAL_INSTRUCTION, CAUSE_FETCH_ACCESS, ACCESS_FETCH } from "./shared/causes";
import {
  xr, xw, raiseException, clearException, excPending, excCause, excTval, intCheck, interruptChecked,
  requestInterruptCheck, stopRequested, setStopRequested, debugStop, requestDebugStop, clearDebugStop,
} from "./state";
import { decode, E_RAW, E_OP, E_RD, E_RS1, E_RS2, E_IMM, E_LEN } from "./decode";
import { tlbFetch, tlbLoad, tlbStore, selectTables, flushAll, TLB_MASK } from "./mmu/tlb";
import { translate, loadSlow, storeSlow, tlbLookup } from "./mmu/access";
import { walk } from "./mmu/walk";
import { hostPage } from "./memory";
import { takeTrap, pendingInterrupt } from "./trap";
import { executeSystem, flushDecodeCache, wfiSleep, clearWfiSleep } from "./system";
import { executeFloat } from "./fpu/execute";
import { fpEnabled, MISA_VALUE } from "./csr";

@inline function get(field: i32): u64 {
  return load<u64>(<usize>field);
}
@inline function set(field: i32, v: u64): void {
  store<u64>(<usize>field, v);
}

// ---- set-up ------------------------------------------------------------------------------------

/** Make room for `ramBytes` of guest RAM (a multiple of 4 KiB). Returns false if memory cannot grow. */
export function init(ramBytes: u32): bool {
  const need = <u64>L.RAM_HOST + <u64>ramBytes + <u64>L.RAM_GUARD;
  const have = <u64>memory.size() << 16;
  if (need > have) {
    const pages = <i32>((need - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) return false;
  }
  set(L.RAM_SIZE, <u64>ramBytes);
  return true;
}

/** Reset the hart to M-mode at `pc` with hart id `hartid`, as after power-on. RAM is left alone. */
export function reset(pc: u64, hartid: u64): void {
  const ram = get(L.RAM_SIZE); // configuration, not hart state: survives reset
  memory.fill(<usize>L.STATE_BASE, 0, <usize>(L.STATE_END - L.STATE_BASE));
  set(L.RAM_SIZE, ram);
  set(L.PC, pc);
  set(L.PRIV, C.PRV_M);
  set(L.MHARTID, hartid);
  set(L.MISA, MISA_VALUE);
  set(L.MTIMECMP, <u64>-1);
  set(L.STIMECMP, <u64>-1);
  // Svadu: the hart sets PTE A/D bits itself from reset (menvcfg.ADUE = 1), as the device tree
  // says ("svadu", not "svade"); software may turn it off and get A/D page faults instead.
  set(L.MENVCFG, <u64>1 << C.MENVCFG_ADUE_SHIFT);
  flushAll();
  flushDecodeCache();
  selectTables();
  clearException();
  clearWfiSleep();
  requestInterruptCheck();
}

// ---- host requests -------------------------------------------------------------------------------

/** Ask run() to return at the next instruction boundary (callable from inside an MMIO handler). */
export function requestStop(): void {
  setStopRequested(true);
}
/** A device line, mtime or mtimecmp changed: re-evaluate interrupts before the next instruction. */
export function notifyInterrupts(): void {
  requestInterruptCheck();
}
/** Forget cached translations and decoded code (after the host wrote guest memory or state). */
export function flushCaches(): void {
  flushAll();
  flushDecodeCache();
  selectTables();
}
/** The debugger's page walk: the hart's own walker, writing its trace at WALK_TRACE. */
export function debugWalk(satp: u64, va: u64, access: i32, priv: i32, options: i32): i32 {
  return walk(satp, va, access, priv, options);
}
/** Decode `raw` into the scratch entry and return the operation (for tests and the disassembler). */
export function decodeOnly(raw: u32): i32 {
  decode(raw, <usize>L.DECODE_SCRATCH);
  return <i32>load<u8>(<usize>L.DECODE_SCRATCH, E_OP);
}

// ---- counters ------------------------------------------------------------------------------------

/** Add `n` retired instructions to minstret and mcycle (one cycle per instruction), unless inhibited. */
function retire(n: u64): void {
  if (n == 0) return;
  set(L.INSN_COUNT, get(L.INSN_COUNT) + n);
  const inhibit = get(L.MCOUNTINHIBIT);
  if ((inhibit & 1) == 0) set(L.MCYCLE, get(L.MCYCLE) + n);
  if ((inhibit & 4) == 0) set(L.MINSTRET, get(L.MINSTRET) + n);
}

// ---- instruction fetch ----------------------------------------------------------------------------

// The page the hot loop fetches from, as left by fetchSlow.
let fetchVpnOut: u64 = <u64>-1;
let fetchDeltaOut: u64 = 0;

/**
 * Fetch the instruction bits at `pc` the slow way: translate, and read the two halves of a 32-bit
 * instruction separately when it straddles a page. Returns the raw bits (only the low 16 for a
 * compressed instruction at a page's last halfword) or raises the fetch fault.
 */
function fetchSlow(pc: u64): u32 {
  fetchVpnOut = <u64>-1;
  const dbg = get(L.DBG_FLAGS);
  if ((dbg & DBG_FLAG_BREAKPOINTS) != 0) {
    if ((dbg & DBG_FLAG_STEP_OVER) != 0) set(L.DBG_FLAGS, dbg & ~(<u64>DBG_FLAG_STEP_OVER));
    else if (isBreakpoint(pc)) { requestDebugStop(DBG_STOP_PC, pc); return 0; }
  }
  let h = tlbLookup(tlbFetch, pc, 2);
  if (h == 0) {
    const pa = translate(pc, ACCESS_FETCH);
    if (excPending) return 0;
    const page = hostPage(pa, ACCESS_FETCH);
    if (page == 0) { raiseException(CAUSE_FETCH_ACCESS, pc); return 0; }
    h = page + <usize>(<u32>pc & 0xfff);
  }
  fetchVpnOut = pc >> 12;
  fetchDeltaOut = <u64>h - pc;
  const off = <u32>pc & 0xfff;
  const lo = <u32>load<u16>(h);
  if (off != 0xffe) return load<u32>(h);
  if ((lo & 3) != 3) return lo;
  // A 32-bit instruction whose upper half is on the next page.
  const pc2 = pc + 2;
  let h2 = tlbLookup(tlbFetch, pc2, 2);
  if (h2 == 0) {
    const pa2 = translate(pc2, ACCESS_FETCH);
    if (excPending) return 0;
    const page2 = hostPage(pa2, ACCESS_FETCH);
    if (page2 == 0) { raiseException(CAUSE_FETCH_ACCESS, pc2); return 0; }
    h2 = page2;
  }
  return lo | (<u32>load<u16>(h2) << 16);
}

/** Is `pc` one of the debugger's breakpoints? */
function isBreakpoint(pc: u64): bool {
  const n = <i32>min<u64>(get(L.DBG_BP_COUNT), <u64>L.DBG_BP_MAX);
  for (let i = 0; i < n; i++) if (load<u64>(<usize>L.DBG_BP + <usize>(i * 8)) == pc) return true;
  return false;
}

// ---- 128-bit multiply helpers (wasm has no wide multiply) -------------------------------------------

function mulhu(a: u64, b: u64): u64 {
  const aLo = a & 0xffffffff, aHi = a >> 32, bLo = b & 0xffffffff, bHi = b >> 32;
  const ll = aLo * bLo, lh = aLo * bHi, hl = aHi * bLo, hh = aHi * bHi;
  const mid = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}
function mulh(a: u64, b: u64): u64 {
  let r = mulhu(a, b);
  if (<i64>a < 0) r -= b;
  if (<i64>b < 0) r -= a;
  return r;
}
function mulhsu(a: u64, b: u64): u64 {
  let r = mulhu(a, b);
  if (<i64>a < 0) r -= b;
  return r;
}

// ---- division, with the spec's results for division by zero and overflow ---------------------------------

@inline function div64(a: i64, b: i64): u64 {
  if (b == 0) return <u64>-1;
  if (a == i64.MIN_VALUE && b == -1) return <u64>a;
  return <u64>(a / b);
}
@inline function divu64(a: u64, b: u64): u64 {
  return b == 0 ? <u64>-1 : a / b;
}
@inline function rem64(a: i64, b: i64): u64 {
  if (b == 0) return <u64>a;
  if (a == i64.MIN_VALUE && b == -1) return 0;
  return <u64>(a % b);
}
@inline function remu64(a: u64, b: u64): u64 {
  return b == 0 ? a : a % b;
}
@inline function sx32(v: u64): u64 {
  return <u64><i64><i32>v;
}

// ---- the loop ----------------------------------------------------------------------------------

/**
 * Execute up to `budget` instructions. Returns an EXIT_* reason (also stored at EXIT_REASON).
 * Every trap taken also counts against the budget, so a trap loop cannot hang the host.
 */
export function run(budget: i32): i32 {
  let remaining = budget;
  let exit = EXIT_BUDGET;
  let mark = remaining;
  let traps = 0;
  while (remaining > 0) {
    retire(<u64>(mark - remaining - traps));
    mark = remaining;
    traps = 0;
    if (debugStop != 0) {
      set(L.EXIT_ARG, <u64>debugStop);
      clearDebugStop();
      exit = EXIT_BREAKPOINT;
      break;
    }
    if (stopRequested) {
      setStopRequested(false);
      exit = EXIT_HOST;
      break;
    }
    if (wfiSleep) {
      // The last instruction was a wfi with nothing to wake it: let the host sleep until an event.
      clearWfiSleep();
      exit = EXIT_WFI;
      break;
    }
    if (intCheck) {
      interruptChecked();
      const cause = pendingInterrupt();
      if (cause != 0) {
        takeTrap(cause, 0, get(L.PC));
        traps++;
        remaining--;
        continue;
      }
    }

    let pc = get(L.PC);
    const tL = tlbLoad;
    const tS = tlbStore;
    // The fetch window: pc in [fetchBase, fetchBase + 0xffe) reads its bits at pc + fetchDelta.
    // (The page's last halfword is left to the slow path: a 32-bit instruction there straddles pages.)
    // Until the first slow fetch the window is empty: base = pc + 0x1000 puts pc outside it.
    let fetchBase: u64 = pc + 0x1000;
    let fetchDelta: u64 = 0;

    while (remaining > 0) {
      remaining--;
      // Fetch: the current page's host address is cached in locals; anything else is slow.
      let raw: u32;
      let slow = false;
      if (pc - fetchBase < 0xffe) {
        raw = load<u32>(<usize>(pc + fetchDelta));
      } else {
        raw = fetchSlow(pc);
        if (debugStop != 0) { remaining++; break; } // a breakpoint at pc: stop before executing it
        if (excPending) {
          clearException();
          pc = takeTrap(excCause, excTval, pc);
          traps++;
          break;
        }
        fetchBase = fetchVpnOut << 12;
        fetchDelta = fetchDeltaOut;
        // With breakpoints set, every instruction leaves the inner loop after it executes, so the
        // next one is fetched (and its pc checked) the slow way with a fresh, empty fetch window.
        if ((get(L.DBG_FLAGS) & DBG_FLAG_BREAKPOINTS) != 0) slow = true;
      }
      // Decode, unless this pc's entry already holds these bits.
      const e = <usize>L.DECODE_BASE + ((<usize>(<u32>pc >> 1) & <usize>(L.DECODE_ENTRIES - 1)) << 4);
      if (load<u32>(e, E_RAW) != raw) decode(raw, e);
      const op = <i32>load<u8>(e, E_OP);
      const rd = <u32>load<u8>(e, E_RD);
      const rs1 = <u32>load<u8>(e, E_RS1);
      const rs2 = <u32>load<u8>(e, E_RS2);
      const imm = <u64><i64>load<i32>(e, E_IMM);
      let npc = pc + <u64>load<u8>(e, E_LEN);

      switch (op) {
        // ---- RV64I: upper immediates, jumps, branches
        case O.OP_LUI: xw(rd, imm); break;
        case O.OP_AUIPC: xw(rd, pc + imm); break;
        case O.OP_JAL: xw(rd, npc); npc = pc + imm; break;
        case O.OP_JALR: { const t = (xr(rs1) + imm) & ~(<u64>1); xw(rd, npc); npc = t; break; }
        case O.OP_BEQ: if (xr(rs1) == xr(rs2)) npc = pc + imm; break;
        case O.OP_BNE: if (xr(rs1) != xr(rs2)) npc = pc + imm; break;
        case O.OP_BLT: if (<i64>xr(rs1) < <i64>xr(rs2)) npc = pc + imm; break;
        case O.OP_BGE: if (<i64>xr(rs1) >= <i64>xr(rs2)) npc = pc + imm; break;
        case O.OP_BLTU: if (xr(rs1) < xr(rs2)) npc = pc + imm; break;
        case O.OP_BGEU: if (xr(rs1) >= xr(rs2)) npc = pc + imm; break;

        // ---- loads: TLB hit inline, everything else through loadSlow
        case O.OP_LB: {
          const va = xr(rs1) + imm; const h = tlbLookup(tL, va, 1);
          if (h != 0) xw(rd, <u64><i64>load<i8>(h));
          else { slow = true; const v = loadSlow(va, 1); if (!excPending) xw(rd, <u64><i64><i8>v); }
          break;
        }
        case O.OP_LH: {
          const va = xr(rs1) + imm; const h = tlbLookup(tL, va, 2);
          if (h != 0) xw(rd, <u64><i64>load<i16>(h));
          else { slow = true; const v = loadSlow(va, 2); if (!excPending) xw(rd, <u64><i64><i16>v); }
          break;
        }
        case O.OP_LW: {
          const va = xr(rs1) + imm; const h = tlbLookup(tL, va, 4);
          if (h != 0) xw(rd, <u64><i64>load<i32>(h));
          else { slow = true; const v = loadSlow(va, 4); if (!excPending) xw(rd, sx32(v)); }
          break;
        }
        case O.OP_LD: {
          const va = xr(rs1) + imm; const h = tlbLookup(tL, va, 8);
          if (h != 0) xw(rd, load<u64>(h));
          else { slow = true; const v = loadSlow(va, 8); if (!excPending) xw(rd, v); }
          break;
        }
        case O.OP_LBU: {
          const va = xr(rs1) + imm; const h = tlbLookup(tL, va, 1);
          if (h != 0) xw(rd, <u64>load<u8>(h));
          else { slow = true; const v = loadSlow(va, 1); if (!excPending) xw(rd, v); }
          break;
        }
        case O.OP_LHU: {
          const va = xr(rs1) + imm; const h = tlbLookup(tL, va, 2);
          if (h != 0) xw(rd, <u64>load<u16>(h));
          else { slow = true; const v = loadSlow(va, 2); if (!excPending) xw(rd, v); }
          break;
        }
        case O.OP_LWU: {
          const va = xr(rs1) + imm; const h = tlbLookup(tL, va, 4);
          if (h != 0) xw(rd, <u64>load<u32>(h));
          else { slow = true; const v = loadSlow(va, 4); if (!excPending) xw(rd, v); }
          break;
        }

        // ---- stores
        case O.OP_SB: {
          const va = xr(rs1) + imm; const h = tlbLookup(tS, va, 1);
          if (h != 0) store<u8>(h, <u8>xr(rs2)); else { slow = true; storeSlow(va, xr(rs2), 1); }
          break;
        }
        case O.OP_SH: {
          const va = xr(rs1) + imm; const h = tlbLookup(tS, va, 2);
          if (h != 0) store<u16>(h, <u16>xr(rs2)); else { slow = true; storeSlow(va, xr(rs2), 2); }
          break;
        }
        case O.OP_SW: {
          const va = xr(rs1) + imm; const h = tlbLookup(tS, va, 4);
          if (h != 0) store<u32>(h, <u32>xr(rs2)); else { slow = true; storeSlow(va, xr(rs2), 4); }
          break;
        }
        case O.OP_SD: {
          const va = xr(rs1) + imm; const h = tlbLookup(tS, va, 8);
          if (h != 0) store<u64>(h, xr(rs2)); else { slow = true; storeSlow(va, xr(rs2), 8); }
          break;
        }

        // ---- register-immediate
        case O.OP_ADDI: xw(rd, xr(rs1) + imm); break;
        case O.OP_SLTI: xw(rd, <i64>xr(rs1) < <i64>imm ? 1 : 0); break;
        case O.OP_SLTIU: xw(rd, xr(rs1) < imm ? 1 : 0); break;
        case O.OP_XORI: xw(rd, xr(rs1) ^ imm); break;
        case O.OP_ORI: xw(rd, xr(rs1) | imm); break;
        case O.OP_ANDI: xw(rd, xr(rs1) & imm); break;
        case O.OP_SLLI: xw(rd, xr(rs1) << imm); break;
        case O.OP_SRLI: xw(rd, xr(rs1) >> imm); break;
        case O.OP_SRAI: xw(rd, <u64>(<i64>xr(rs1) >> <i64>imm)); break;

        // ---- register-register
        case O.OP_ADD: xw(rd, xr(rs1) + xr(rs2)); break;
        case O.OP_SUB: xw(rd, xr(rs1) - xr(rs2)); break;
        case O.OP_SLL: xw(rd, xr(rs1) << (xr(rs2) & 63)); break;
        case O.OP_SLT: xw(rd, <i64>xr(rs1) < <i64>xr(rs2) ? 1 : 0); break;
        case O.OP_SLTU: xw(rd, xr(rs1) < xr(rs2) ? 1 : 0); break;
        case O.OP_XOR: xw(rd, xr(rs1) ^ xr(rs2)); break;
        case O.OP_SRL: xw(rd, xr(rs1) >> (xr(rs2) & 63)); break;
        case O.OP_SRA: xw(rd, <u64>(<i64>xr(rs1) >> <i64>(xr(rs2) & 63))); break;
        case O.OP_OR: xw(rd, xr(rs1) | xr(rs2)); break;
        case O.OP_AND: xw(rd, xr(rs1) & xr(rs2)); break;

        // ---- RV64I word operations (results sign-extended from 32 bits)
        case O.OP_ADDIW: xw(rd, sx32(xr(rs1) + imm)); break;
        case O.OP_SLLIW: xw(rd, sx32(<u64>(<u32>xr(rs1) << <u32>imm))); break;
        case O.OP_SRLIW: xw(rd, sx32(<u64>(<u32>xr(rs1) >> <u32>imm))); break;
        case O.OP_SRAIW: xw(rd, <u64><i64>(<i32>xr(rs1) >> <i32>imm)); break;
        case O.OP_ADDW: xw(rd, sx32(xr(rs1) + xr(rs2))); break;
        case O.OP_SUBW: xw(rd, sx32(xr(rs1) - xr(rs2))); break;
        case O.OP_SLLW: xw(rd, sx32(<u64>(<u32>xr(rs1) << (<u32>xr(rs2) & 31)))); break;
        case O.OP_SRLW: xw(rd, sx32(<u64>(<u32>xr(rs1) >> (<u32>xr(rs2) & 31)))); break;
        case O.OP_SRAW: xw(rd, <u64><i64>(<i32>xr(rs1) >> (<i32>xr(rs2) & 31))); break;

        // ---- M extension
        case O.OP_MUL: xw(rd, xr(rs1) * xr(rs2)); break;
        case O.OP_MULH: xw(rd, mulh(xr(rs1), xr(rs2))); break;
        case O.OP_MULHSU: xw(rd, mulhsu(xr(rs1), xr(rs2))); break;
        case O.OP_MULHU: xw(rd, mulhu(xr(rs1), xr(rs2))); break;
        case O.OP_DIV: xw(rd, div64(<i64>xr(rs1), <i64>xr(rs2))); break;
        case O.OP_DIVU: xw(rd, divu64(xr(rs1), xr(rs2))); break;
        case O.OP_REM: xw(rd, rem64(<i64>xr(rs1), <i64>xr(rs2))); break;
        case O.OP_REMU: xw(rd, remu64(xr(rs1), xr(rs2))); break;
        case O.OP_MULW: xw(rd, sx32(xr(rs1) * xr(rs2))); break;
        case O.OP_DIVW: xw(rd, sx32(div64(<i64><i32>xr(rs1), <i64><i32>xr(rs2)))); break;
        case O.OP_DIVUW: xw(rd, sx32(divu64(xr(rs1) & 0xffffffff, xr(rs2) & 0xffffffff))); break;
        case O.OP_REMW: xw(rd, sx32(rem64(<i64><i32>xr(rs1), <i64><i32>xr(rs2)))); break;
        case O.OP_REMUW: xw(rd, sx32(remu64(xr(rs1) & 0xffffffff, xr(rs2) & 0xffffffff))); break;

        // ---- fences: one hart, in order, so FENCE has nothing to wait for
        case O.OP_FENCE: break;

        // ---- F and D
        case O.OP_FLOAT: {
          // F/D change nothing the loop caches, so a completed FP instruction stays in the loop; a
          // fault, an illegal encoding or a watchpoint hit (FP loads/stores) leaves it.
          if (!fpEnabled() || !executeFloat(<u32>imm)) {
            slow = true;
            if (!excPending) raiseException(CAUSE_ILLEGAL_INSTRUCTION, <u64>(load<u8>(e, E_LEN) == 2 ? raw & 0xffff : raw));
          } else if (excPending || debugStop != 0) slow = true;
          break;
        }

        case O.OP_ILLEGAL: {
          slow = true;
          raiseException(CAUSE_ILLEGAL_INSTRUCTION, <u64>(load<u8>(e, E_LEN) == 2 ? raw & 0xffff : raw));
          break;
        }

        // ---- SYSTEM, FENCE.I and A: out of line, with the counters brought up to date first
        default: {
          slow = true;
          set(L.PC, pc);
          retire(<u64>(mark - remaining - 1 - traps));
          mark = remaining + 1;
          traps = 0;
          npc = executeSystem(e, pc);
          break;
        }
      }

      if (slow) {
        // A slow path ran: take its fault, or finish the instruction; then leave the inner loop so
        // interrupts are re-checked and the cached locals (TLB tables, fetch page) are re-read.
        if (excPending) {
          clearException();
          pc = takeTrap(excCause, excTval, pc);
          traps++;
        } else {
          // The out-of-line instruction may itself have set the pc (xRET).
          pc = npc;
        }
        break;
      }
      pc = npc;
    }
    set(L.PC, pc);
  }
  retire(<u64>(mark - remaining - traps));
  // A stop requested by the very last instruction of the budget is reported now, not later.
  if (debugStop != 0 && exit == EXIT_BUDGET) {
    set(L.EXIT_ARG, <u64>debugStop);
    clearDebugStop();
    exit = EXIT_BREAKPOINT;
  }
  set(L.EXIT_REASON, <u64>exit);
  return exit;
}

/** Forget a pending debugger stop (the host changed the DBG_* settings). */
export function cancelDebugStop(): void {
  clearDebugStop();
}
