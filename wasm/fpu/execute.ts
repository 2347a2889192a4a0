// F and D extensions: executes one 32-bit floating-point instruction (LOAD-FP, STORE-FP, the fused
// multiply-adds and OP-FP). The hart has already checked mstatus.FS != Off.
//
// Contract with the hart (wasm/hart.ts):
//   - returns false when the encoding is illegal (including an invalid rounding mode); the hart then
//     raises illegal-instruction with the instruction bits;
//   - memory faults are raised with raiseException() by the mmu/access.ts helpers; the hart checks
//     excPending after the call and, if set, nothing else may have been written;
//   - any write to an f register or to fcsr calls markFpDirty().
//
// Arithmetic is exact (softfloat.ts). Round-to-nearest-even on ordinary operands takes a fast path
// through the host's own binary64 operations, which are correctly rounded; there the inexact flag
// comes from an exact error term and every case where underflow, overflow or a special operand
// could matter falls through to the exact path.
//
// Instruction layout (OP-FP):
//   31     27 26 25 24   20 19   15 14  12 11    7 6      0
//   ┌────────┬─────┬───────┬───────┬──────┬───────┬────────┐
//   │ funct5 │ fmt │  rs2  │  rs1  │  rm  │  rd   │ opcode │     R4 (fused): rs3 in 31:27
//   └────────┴─────┴───────┴───────┴──────┴───────┴────────┘

import { fr, fw, xr, xwChecked, excPending } from "../state";
import { FCSR, MSTATUS } from "../shared/layout";
import { FCSR_FRM_SHIFT, MSTATUS_FS } from "../shared/csr";
import { markFpDirty } from "../csr";
import { loadU32, loadU64, storeU32, storeU64 } from "../mmu/access";
import * as K from "./constants";
import * as S from "./softfloat";

const SIGN_D: u64 = 0x8000000000000000;
const SIGN_S: u64 = 0x80000000;

// ---- register access ----------------------------------------------------------------------------

/** A binary32 operand: the low word of a properly NaN-boxed register, else the canonical NaN. */
@inline function readS(i: u32): u64 {
  const v = fr(i);
  return (v >> 32) == 0xffffffff ? v & 0xffffffff : K.CANONICAL_NAN_S;
}
@inline function readF(i: u32, d: bool): u64 {
  return d ? fr(i) : readS(i);
}
/** markFpDirty() unless FS is Dirty already (saves a store on the hot path). */
@inline function dirty(): void {
  if ((load<u64>(MSTATUS) & <u64>MSTATUS_FS) != <u64>MSTATUS_FS) markFpDirty();
}
/** Write a result of format d (a binary32 is NaN-boxed) and mark the FP state dirty. */
@inline function writeF(rd: u32, v: u64, d: bool): void {
  fw(rd, d ? v : v | K.NAN_BOX);
  dirty();
}
/** Accumulate the flags raised by the operation into fcsr.fflags. */
@inline function commitFlags(): void {
  const f = S.flags;
  if (f != 0) {
    store<u64>(FCSR, load<u64>(FCSR) | <u64>f);
    markFpDirty();
  }
}
/** Write the result of an operation that writes an integer register. */
@inline function writeX(rd: u32, v: u64): void {
  xwChecked(rd, v);
  commitFlags();
}

/** The effective rounding mode for the rm field, or 8 when it is invalid (reserved or bad frm). */
@inline function roundingMode(rm: u32): u32 {
  if (rm == K.RM_DYN) rm = <u32>(load<u64>(FCSR) >> <u64>FCSR_FRM_SHIFT) & 7;
  return rm <= K.RM_RMM ? rm : 8;
}

// ---- the entry point ------------------------------------------------------------------------------

/** Execute one F/D instruction; false if the encoding is illegal. */
export function executeFloat(insn: u32): bool {
  const opc = insn & 0x7f;
  const rd = (insn >> 7) & 31;
  const f3 = (insn >> 12) & 7;
  const rs1 = (insn >> 15) & 31;
  const rs2 = (insn >> 20) & 31;
  if (opc == K.OPC_OP_FP) {
    // The hot case first: fadd/fsub/fmul/fdiv.d under round-to-nearest-even (static or via frm).
    const funct7 = insn >> 25;
    if (funct7 <= 0x0d && (funct7 & 3) == K.FMT_D) {
      let rm = f3;
      if (rm == K.RM_DYN) rm = <u32>(load<u64>(FCSR) >> <u64>FCSR_FRM_SHIFT) & 7;
      if (rm == K.RM_RNE && fastD(funct7 >> 2, fr(rs1), fr(rs2), rd)) return true;
    }
    return opFp(insn, rd, f3, rs1, rs2);
  }
  switch (opc) {
    case K.OPC_LOAD_FP: {                                     // FLW / FLD
      const va = xr(rs1) + <u64>(<i64>(<i32>insn >> 20));
      if (f3 == 3) {
        const v = loadU64(va);
        if (excPending) return true;
        fw(rd, v);
      } else if (f3 == 2) {
        const v = loadU32(va);
        if (excPending) return true;
        fw(rd, v | K.NAN_BOX);
      } else return false;
      markFpDirty();
      return true;
    }
    case K.OPC_STORE_FP: {                                    // FSW / FSD
      const off = ((<i32>insn >> 25) << 5) | <i32>rd;
      const va = xr(rs1) + <u64>(<i64>off);
      if (f3 == 3) storeU64(va, fr(rs2));
      else if (f3 == 2) storeU32(va, fr(rs2) & 0xffffffff);
      else return false;
      return true;
    }
    case K.OPC_MADD: case K.OPC_MSUB: case K.OPC_NMSUB: case K.OPC_NMADD: {
      const fmt = (insn >> 25) & 3;
      if (fmt > K.FMT_D) return false;
      const rm = roundingMode(f3);
      if (rm > K.RM_RMM) return false;
      const d = fmt == K.FMT_D;
      S.clearFlags();
      const negProd = opc == K.OPC_NMSUB || opc == K.OPC_NMADD;
      const negC = opc == K.OPC_MSUB || opc == K.OPC_NMADD;
      const a = readF(rs1, d), b = readF(rs2, d), c = readF(insn >> 27, d);
      if (rm == K.RM_RNE) {
        const sm = d ? SIGN_D : SIGN_S;                      // NaNs never take the fast path
        const a2 = negProd ? a ^ sm : a, c2 = negC ? c ^ sm : c;
        if (d ? fastFmaD(a2, b, c2, rd) : fastFmaS(a2, b, c2, rd)) return true;
      }
      const r = S.fma(a, b, c, negProd, negC, d, rm);
      writeF(rd, r, d);
      commitFlags();
      return true;
    }
  }
  return false;
}

// ---- OP-FP ---------------------------------------------------------------------------------------

function opFp(insn: u32, rd: u32, f3: u32, rs1: u32, rs2: u32): bool {
  const funct5 = insn >> 27;
  const fmt = (insn >> 25) & 3;
  if (fmt > K.FMT_D) return false;
  const d = fmt == K.FMT_D;
  S.clearFlags();
  switch (funct5) {
    case K.FP_ADD: case K.FP_SUB: case K.FP_MUL: case K.FP_DIV: {
      const rm = roundingMode(f3);
      if (rm > K.RM_RMM) return false;
      const a = readF(rs1, d), b = readF(rs2, d);
      if (rm == K.RM_RNE && (d ? fastD(funct5, a, b, rd) : fastS(funct5, a, b, rd))) return true;
      let r: u64;
      if (funct5 == K.FP_MUL) r = S.mul(a, b, d, rm);
      else if (funct5 == K.FP_DIV) r = S.div(a, b, d, rm);
      else r = S.add(a, b, funct5 == K.FP_SUB, d, rm);
      writeF(rd, r, d);
      commitFlags();
      return true;
    }
    case K.FP_SQRT: {
      if (rs2 != 0) return false;
      const rm = roundingMode(f3);
      if (rm > K.RM_RMM) return false;
      const a = readF(rs1, d);
      if (rm == K.RM_RNE && fastSqrt(a, rd, d)) return true;
      writeF(rd, S.sqrt(a, d, rm), d);
      commitFlags();
      return true;
    }
    case K.FP_SGNJ: {
      if (f3 > 2) return false;
      const a = readF(rs1, d), b = readF(rs2, d);
      const sm = d ? SIGN_D : SIGN_S;
      let s = b & sm;                                        // fsgnj
      if (f3 == 1) s ^= sm;                                  // fsgnjn
      else if (f3 == 2) s ^= a & sm;                         // fsgnjx
      writeF(rd, (a & ~sm) | s, d);
      return true;
    }
    case K.FP_MINMAX: {
      if (f3 > 1) return false;
      writeF(rd, S.minMax(readF(rs1, d), readF(rs2, d), d, f3 == 1), d);
      commitFlags();
      return true;
    }
    case K.FP_CVT_FF: {
      const rm = roundingMode(f3);
      if (rm > K.RM_RMM) return false;
      if (!d && rs2 == K.FMT_D) {                            // fcvt.s.d
        const a = fr(rs1);
        let r: u64;
        if (rm == K.RM_RNE && (a & ~SIGN_D) < 0x7ff0000000000000) {
          const x = reinterpret<f64>(a);
          const y = <f32>x;
          const yb = <u64>reinterpret<u32>(y);
          const ab = yb & 0x7fffffff;
          if (ab > 0x00800000 && ab < 0x7f800000) {
            if (<f64>y != x) S.raise(K.FPU_NX);
            writeF(rd, yb, false);
            commitFlags();
            return true;
          }
        }
        r = S.f64ToF32(a, rm);
        writeF(rd, r, false);
      } else if (d && rs2 == K.FMT_S) {                      // fcvt.d.s
        writeF(rd, S.f32ToF64(readS(rs1)), true);
      } else return false;
      commitFlags();
      return true;
    }
    case K.FP_CMP: {
      if (f3 > 2) return false;
      writeX(rd, S.compare(readF(rs1, d), readF(rs2, d), d, f3) ? 1 : 0);
      return true;
    }
    case K.FP_CVT_IF: {                                      // fcvt.{w,wu,l,lu}.{s,d}
      if (rs2 > 3) return false;
      const rm = roundingMode(f3);
      if (rm > K.RM_RMM) return false;
      const a = readF(rs1, d);
      if (d && rs2 == S.INT_W && (rm == K.RM_RTZ || rm == K.RM_RNE)) {
        const x = reinterpret<f64>(a);
        if (Math.abs(x) <= 2147483647.0) {                   // false for NaN; rounds in range
          const t = rm == K.RM_RTZ ? Math.trunc(x) : nearest<f64>(x);
          if (t != x) S.raise(K.FPU_NX);
          writeX(rd, <u64><i64><i32>t);
          return true;
        }
      }
      writeX(rd, S.toInt(a, rs2, d, rm));
      return true;
    }
    case K.FP_CVT_FI: {                                      // fcvt.{s,d}.{w,wu,l,lu}
      if (rs2 > 3) return false;
      const rm = roundingMode(f3);
      if (rm > K.RM_RMM) return false;
      const x = xr(rs1);
      let r: u64;
      if (rs2 == S.INT_W) {
        const v = <i64><i32>x;
        if (d) r = reinterpret<u64>(<f64>v);                 // exact
        else r = S.fromInt(<u64>(v < 0 ? -v : v), v < 0, false, rm);
      } else if (rs2 == S.INT_WU) {
        const v = x & 0xffffffff;
        if (d) r = reinterpret<u64>(<f64>v);                 // exact
        else r = S.fromInt(v, false, false, rm);
      } else if (rs2 == S.INT_L) {
        const neg = <i64>x < 0;
        r = S.fromInt(neg ? <u64>(-<i64>x) : x, neg, d, rm);
      } else {
        r = S.fromInt(x, false, d, rm);
      }
      writeF(rd, r, d);
      commitFlags();
      return true;
    }
    case K.FP_MV_X_CLASS: {
      if (rs2 != 0) return false;
      if (f3 == 0) {                                         // fmv.x.w / fmv.x.d: raw bits
        const v = fr(rs1);
        xwChecked(rd, d ? v : <u64><i64><i32><u32>v);
      } else if (f3 == 1) {                                  // fclass
        xwChecked(rd, S.classify(readF(rs1, d), d));
      } else return false;
      return true;
    }
    case K.FP_MV_F_X: {                                      // fmv.w.x / fmv.d.x
      if (rs2 != 0 || f3 != 0) return false;
      const x = xr(rs1);
      writeF(rd, d ? x : x & 0xffffffff, d);
      return true;
    }
  }
  return false;
}

// ---- round-to-nearest-even fast paths ------------------------------------------------------------
//
// Each returns true after writing rd and the flags, or false (having written nothing) when the
// operands or the result are outside the range where the host result and the flags are provably
// exact: then the caller takes the exact path.

/**
 * fadd/fsub/fmul/fdiv.d under RNE through the host. Writes rd, dirties FS and ORs NX into fflags
 * itself (no other flag can arise in the range it accepts).
 */
@inline function fastD(op: u32, a: u64, b: u64, rd: u32): bool {
  const ea = <i32>(a >> 52) & 0x7ff, eb = <i32>(b >> 52) & 0x7ff;
  // both finite and below 2^1023 (so no intermediate of the exactness checks can overflow)
  if (ea >= 0x7fe || eb >= 0x7fe) return false;
  const x = reinterpret<f64>(a), y = reinterpret<f64>(b);
  let rb: u64;
  let inexact: bool;
  if (op <= K.FP_SUB) {
    // A sum of two doubles that lands in the subnormal range is exact, so only NX can arise.
    const yy = op == K.FP_SUB ? -y : y;
    const s = x + yy;
    rb = reinterpret<u64>(s);
    if (((rb >> 52) & 0x7ff) >= 0x7fe) return false;
    // s − (the larger operand) is computed exactly, so s is exact iff both differences give back
    // the other operand.
    inexact = (s - x != yy) | (s - yy != x);
  } else {
    if (ea == 0 || eb == 0) return false;                  // normal operands only
    const ma = (a & 0x000fffffffffffff) | 0x0010000000000000;
    const mb = (b & 0x000fffffffffffff) | 0x0010000000000000;
    const r = op == K.FP_MUL ? x * y : x / y;
    rb = reinterpret<u64>(r);
    const abs = rb & ~SIGN_D;
    // strictly above the smallest normal (so not tiny) and finite
    if (abs <= 0x0010000000000000 || abs >= 0x7ff0000000000000) return false;
    const er = <i32>(rb >> 52) & 0x7ff;
    const mr = (rb & 0x000fffffffffffff) | 0x0010000000000000;
    if (op == K.FP_MUL) {
      // mr·2^k = ma·mb iff exact; |difference| <= 2^52, so 64 bits of it decide
      inexact = (mr << <u64>(er - ea - eb + 1075)) != ma * mb;
    } else {
      // mr·mb = ma·2^k iff exact; |difference| <= mb/2
      inexact = mr * mb != (ma << <u64>(ea - eb - er + 1075));
    }
  }
  fw(rd, rb);
  if (inexact) store<u64>(FCSR, load<u64>(FCSR) | <u64>K.FPU_NX);
  dirty();
  return true;
}

/**
 * fadd/fsub/fmul/fdiv.s under RNE: computed in binary64 then rounded once more to binary32 —
 * innocuous double rounding for +, −, ×, ÷ (53 >= 2·24 + 2).
 */
function fastS(op: u32, a: u64, b: u64, rd: u32): bool {
  S.clearFlags();
  if ((a & 0x7f800000) == 0x7f800000 || (b & 0x7f800000) == 0x7f800000) return false;
  const x = <f64>reinterpret<f32>(<u32>a), y = <f64>reinterpret<f32>(<u32>b);
  let inexact = false;
  let s: f64;
  if (op <= K.FP_SUB) {
    const yy = op == K.FP_SUB ? -y : y;
    s = x + yy;
    inexact = (s - x != yy) | (s - yy != x);               // as in fastD
  } else if (op == K.FP_MUL) {
    s = x * y;                                               // exact: 24 × 24 bits
  } else {
    if (y == 0) return false;
    s = x / y;
  }
  const r = <f32>s;
  const rb = <u64>reinterpret<u32>(r);
  const abs = rb & 0x7fffffff;
  if (op <= K.FP_SUB) {
    if (abs >= 0x7f800000) return false;                     // overflow: exact path
  } else if (abs <= 0x00800000 || abs >= 0x7f800000) return false;
  const rr = <f64>r;
  if (op == K.FP_DIV) inexact = rr * y != x;                 // rr·y is exact
  else inexact = inexact || rr != s;
  if (inexact) S.raise(K.FPU_NX);
  fw(rd, rb | K.NAN_BOX);
  dirty();
  commitFlags();
  return true;
}

/** fsqrt under RNE through the host, for positive finite non-zero operands. */
function fastSqrt(a: u64, rd: u32, d: bool): bool {
  S.clearFlags();
  if (d) {
    const ea = <i32>(a >> 52) & 0x7ff;
    if (ea == 0 || ea >= 0x7ff || (a >> 63) != 0) return false;
    const r = Math.sqrt(reinterpret<f64>(a));
    const rb = reinterpret<u64>(r);
    const er = <i32>(rb >> 52) & 0x7ff;
    const mr = (rb & 0x000fffffffffffff) | 0x0010000000000000;
    const ma = (a & 0x000fffffffffffff) | 0x0010000000000000;
    const k = ea - 2 * er + 1075;                            // mr² = ma·2^k iff exact
    if (mr * mr != (ma << <u64>k)) S.raise(K.FPU_NX);
    fw(rd, rb);
    markFpDirty();
    commitFlags();
    return true;
  }
  if (a == 0 || a >= 0x7f800000) return false;               // zero, negative, inf or NaN
  const x = <f64>reinterpret<f32>(<u32>a);
  const r = <f32>Math.sqrt(x);
  const rr = <f64>r;
  if (rr * rr != x) S.raise(K.FPU_NX);
  fw(rd, <u64>reinterpret<u32>(r) | K.NAN_BOX);
  dirty();
  commitFlags();
  return true;
}

/**
 * fmadd.d (signs already applied: a·b + c) under RNE, for normal operands whose result is far from
 * the underflow and overflow thresholds. With p = RN(a·b), e = a·b − p (exact, from 64 bits of the
 * integer significand product), s = RN(p + c) and t = p + c − s (TwoSum, exact), the exact result
 * is s + (t + e). When |t + e| is below a quarter ulp of s, s is the correctly rounded result and
 * NX = (t + e ≠ 0); otherwise the exact path decides.
 */
function fastFmaD(a: u64, b: u64, c: u64, rd: u32): bool {
  const ea = <i32>(a >> 52) & 0x7ff, eb = <i32>(b >> 52) & 0x7ff, ec = <i32>(c >> 52) & 0x7ff;
  if (ea == 0 || ea >= 0x7fe || eb == 0 || eb >= 0x7fe || ec == 0 || ec >= 0x7fe) return false;
  const n = ea + eb - 2150;                                 // a·b = ma·mb × 2^n
  if (n < -1022) return false;                              // e could be subnormal (inexact)
  const x = reinterpret<f64>(a), y = reinterpret<f64>(b), z = reinterpret<f64>(c);
  const p = x * y;
  const pb = reinterpret<u64>(p);
  const ep = <i32>(pb >> 52) & 0x7ff;
  if (ep == 0 || ep >= 0x7fe) return false;
  const ma = (a & 0x000fffffffffffff) | 0x0010000000000000;
  const mb = (b & 0x000fffffffffffff) | 0x0010000000000000;
  const mp = (pb & 0x000fffffffffffff) | 0x0010000000000000;
  // (ma·mb − mp·2^k) is below 2^52 in magnitude: its low 64 bits are its value
  const dm = <i64>(ma * mb - (mp << <u64>(ep - ea - eb + 1075)));
  const sgn = (a ^ b) >> 63 != 0 ? -1.0 : 1.0;
  const e = <f64>dm * sgn * reinterpret<f64>(<u64>(n + 1023) << 52);
  const s = p + z;
  const sb = reinterpret<u64>(s);
  const es = <i32>(sb >> 52) & 0x7ff;
  if (es <= 54 || es >= 0x7fe) return false;
  const bv = s - p;
  const t = (p - (s - bv)) + (z - bv);
  const u = t + e;
  if ((reinterpret<u64>(u) & ~SIGN_D) >= (<u64>(es - 54) << 52)) return false;   // |u| >= ulp(s)/4
  fw(rd, sb);
  if (u != 0) store<u64>(FCSR, load<u64>(FCSR) | <u64>K.FPU_NX);
  dirty();
  return true;
}

/**
 * fmadd.s (signs already applied) under RNE: a·b is exact in binary64, s = RN53(a·b + c) with its
 * exact error t; rounding s to binary32 is then correct unless s is inexact and exactly halfway
 * between two binary32 values (that case, and tiny or huge results, take the exact path).
 */
function fastFmaS(a: u64, b: u64, c: u64, rd: u32): bool {
  if ((a & 0x7f800000) == 0x7f800000 || (b & 0x7f800000) == 0x7f800000 || (c & 0x7f800000) == 0x7f800000) return false;
  const x = <f64>reinterpret<f32>(<u32>a), y = <f64>reinterpret<f32>(<u32>b), z = <f64>reinterpret<f32>(<u32>c);
  const p = x * y;                                          // exact: 24 × 24 bits
  const s = p + z;
  const bv = s - p;
  const t = (p - (s - bv)) + (z - bv);
  const sb = reinterpret<u64>(s);
  if (t != 0 && (sb & 0x1fffffff) == 0x10000000) return false;
  const r = <f32>s;
  const rb = <u64>reinterpret<u32>(r);
  const abs = rb & 0x7fffffff;
  if (abs <= 0x00800000 || abs >= 0x7f800000) return false;
  fw(rd, rb | K.NAN_BOX);
  if (t != 0 || <f64>r != s) store<u64>(FCSR, load<u64>(FCSR) | <u64>K.FPU_NX);
  dirty();
  return true;
}
