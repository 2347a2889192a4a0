// A test entry for the FPU alone (compiled to wasm/build/fpu-harness.wasm by scripts/build-wasm.mjs):
// runs batches of single F/D instructions on chosen operands, without the rest of the machine.
// Used by test/unit/fpu-oracle.test.ts and test/fpu/check.mjs to compare against QEMU.
//
// Register convention (the same as test/fpu/oracle.c): operands in f11/f12/f13 and x11/x12/x13,
// the result in f14 or x14.
//
// Input record (32 bytes):  +0 u32 instruction  +4 u32 frm  +8 u64 a  +16 u64 b  +24 u64 c
// Output record (16 bytes): +0 u64 result (f14, or x14 when the input frm has bit 8 set)
//                           +8 u32 fflags  +12 u32 1 = executed, 0 = illegal

import { executeFloat } from "./execute";
import { fr, fw, xr, xw, excPending, clearException } from "../state";
import { FCSR, MSTATUS } from "../shared/layout";
import { MSTATUS_FS, FCSR_FRM_SHIFT, FCSR_FFLAGS_MASK } from "../shared/csr";

export const RS1: u32 = 11;
export const RD: u32 = 14;
const SENTINEL: u64 = 0x5a5a5a5a5a5a5a5a;
export const INT_DEST: u32 = 0x100;

/** Make room for `bytes` of batch buffers; returns their wasm address. */
export function buffer(bytes: u32): usize {
  const base: usize = 0x400000;
  const need = <i32>((base + <usize>bytes + 0xffff) >> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
  return base;
}

/** Execute one instruction; returns 1 if it was legal. */
export function exec1(insn: u32, frm: u32, a: u64, b: u64, c: u64): u32 {
  store<u64>(MSTATUS, load<u64>(MSTATUS) | <u64>MSTATUS_FS);
  store<u64>(FCSR, <u64>(frm & 7) << <u64>FCSR_FRM_SHIFT);
  fw(RS1, a); fw(RS1 + 1, b); fw(RS1 + 2, c);
  xw(RS1, a); xw(RS1 + 1, b); xw(RS1 + 2, c);
  fw(RD, SENTINEL); xw(RD, SENTINEL);
  clearException();
  const ok = executeFloat(insn);
  return ok && !excPending ? 1 : 0;
}

export function resultF(): u64 { return fr(RD); }
export function resultX(): u64 { return xr(RD); }
export function fflags(): u32 { return <u32>load<u64>(FCSR) & FCSR_FFLAGS_MASK; }

/** Run n input records at `inp`, writing n output records at `out`. */
export function run(inp: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const r = inp + (<usize>i << 5);
    const frm = load<u32>(r, 4);
    const ok = exec1(load<u32>(r), frm, load<u64>(r, 8), load<u64>(r, 16), load<u64>(r, 24));
    const o = out + (<usize>i << 4);
    store<u64>(o, (frm & INT_DEST) != 0 ? xr(RD) : fr(RD));
    store<u32>(o, fflags(), 8);
    store<u32>(o, ok, 12);
  }
}

// ---- the exact (integer) path alone, to cross-check the RNE fast paths --------------------------

import * as S from "./softfloat";
import { RM_RNE } from "./constants";

/** op: 0 add, 1 sub, 2 mul, 3 div, 11 sqrt (the OP-FP funct5); d: binary64. Flags via softFlags(). */
export function soft(op: u32, a: u64, b: u64, d: bool): u64 {
  S.clearFlags();
  if (op == 2) return S.mul(a, b, d, RM_RNE);
  if (op == 3) return S.div(a, b, d, RM_RNE);
  if (op == 11) return S.sqrt(a, d, RM_RNE);
  return S.add(a, b, op == 1, d, RM_RNE);
}
export function softFlags(): u32 { return S.flags; }

/** Run n records through the exact path (same record layout as run(); the op comes from the instruction). */
export function runSoft(inp: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const r = inp + (<usize>i << 5);
    const insn = load<u32>(r);
    const d = ((insn >> 25) & 3) == 1;
    let a = load<u64>(r, 8), b = load<u64>(r, 16), c = load<u64>(r, 24);
    if (!d) {                                  // the NaN-boxing rule, as readS() applies it
      a = (a >> 32) == 0xffffffff ? a & 0xffffffff : 0x7fc00000;
      b = (b >> 32) == 0xffffffff ? b & 0xffffffff : 0x7fc00000;
      c = (c >> 32) == 0xffffffff ? c & 0xffffffff : 0x7fc00000;
    }
    const opc = insn & 0x7f;
    let v: u64;
    if (opc == 0x53) v = soft(insn >> 27, a, b, d);
    else {                                     // fmadd 0x43, fmsub 0x47, fnmsub 0x4b, fnmadd 0x4f
      S.clearFlags();
      v = S.fma(a, b, c, opc == 0x4b || opc == 0x4f, opc == 0x47 || opc == 0x4f, d, RM_RNE);
    }
    const o = out + (<usize>i << 4);
    store<u64>(o, d ? v : v | 0xffffffff00000000);
    store<u32>(o, S.flags, 8);
    store<u32>(o, 1, 12);
  }
}
