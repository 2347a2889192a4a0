// Exact IEEE 754 binary32/binary64 arithmetic on raw bit patterns, for every rounding mode, with
// the exception flags RISC-V defines (tininess detected after rounding, canonical NaN results).
//
// One generic implementation serves both formats: `d` selects binary64 (true) or binary32 (false).
// Values travel as raw bits in a u64 (a binary32 in the low 32 bits, never NaN-boxed here).
//
// Unpacked form used throughout (finite, non-zero values only):
//
//     value = (-1)^sign × sig / 2^62 × 2^exp        with 2^62 <= sig < 2^63
//
//   63 62                                         0
//   ┌─┬─┬─────────────── fraction ───────┬─ round ─┐   binary64: 52 fraction bits, 10 round bits
//   │0│1│                                 │  bits   │   binary32: 23 fraction bits, 39 round bits
//   └─┴─┴─────────────────────────────────┴─────────┘
//
// Bits shifted out to the right are "jammed" into bit 0 (sticky), so a sig that is not exact is
// always strictly between the two neighbouring values on every rounding grid we use.
//
// Division and square root use the host's correctly rounded binary64 operation on the
// significands and then an exact integer check of the remainder (see divide/squareRoot), so they
// are exact in every rounding mode and format.

import { FPU_NX, FPU_UF, FPU_OF, FPU_DZ, FPU_NV, RM_RNE, RM_RTZ, RM_RDN, RM_RUP } from "./constants";

// ---- exception flags raised by the current operation -------------------------------------------

/** Flags (fflags bit layout) raised since the last clearFlags(); execute.ts ORs them into fcsr. */
export let flags: u32 = 0;
@inline export function clearFlags(): void { flags = 0; }
@inline export function raise(f: u32): void { flags |= f; }

// ---- format parameters --------------------------------------------------------------------------

@inline export function fracBits(d: bool): i32 { return d ? 52 : 23; }
@inline export function expMax(d: bool): u64 { return d ? 0x7ff : 0xff; }
@inline export function bias(d: bool): i32 { return d ? 1023 : 127; }
@inline export function signMask(d: bool): u64 { return d ? 0x8000000000000000 : 0x80000000; }
@inline export function fracMask(d: bool): u64 { return d ? 0x000fffffffffffff : 0x007fffff; }
@inline export function infBits(d: bool): u64 { return d ? 0x7ff0000000000000 : 0x7f800000; }
@inline export function defaultNaN(d: bool): u64 { return d ? 0x7ff8000000000000 : 0x7fc00000; }
@inline function quietBit(d: bool): u64 { return d ? 0x0008000000000000 : 0x00400000; }
@inline function maxFinite(d: bool): u64 { return d ? 0x7fefffffffffffff : 0x7f7fffff; }

@inline export function signOf(x: u64, d: bool): bool { return (x & signMask(d)) != 0; }
@inline export function absOf(x: u64, d: bool): u64 { return x & ~signMask(d) & (d ? 0xffffffffffffffff : 0xffffffff); }
@inline export function isNaN(x: u64, d: bool): bool { return absOf(x, d) > infBits(d); }
@inline export function isSNaN(x: u64, d: bool): bool { return isNaN(x, d) && (x & quietBit(d)) == 0; }
@inline export function isInf(x: u64, d: bool): bool { return absOf(x, d) == infBits(d); }
@inline export function isZero(x: u64, d: bool): bool { return absOf(x, d) == 0; }
@inline function signed(s: bool, d: bool): u64 { return s ? signMask(d) : 0; }

// ---- unpacking -------------------------------------------------------------------------------------

// The result of unpack(): AssemblyScript has no cheap tuples, so it lands in these globals.
let uExp: i32 = 0;
let uSig: u64 = 0;

/** Unpack a finite non-zero x into uExp/uSig (sig normalised at bit 62, see the header). */
@inline function unpack(x: u64, d: bool): void {
  const fb = fracBits(d);
  const e = <i32>((x >> <u64>fb) & expMax(d));
  const f = x & fracMask(d);
  if (e != 0) {
    uSig = (f | (<u64>1 << <u64>fb)) << <u64>(62 - fb);
    uExp = e - bias(d);
  } else {
    const top = 63 - <i32>clz(f);            // position of the leading one of the subnormal fraction
    uSig = f << <u64>(62 - top);
    uExp = top + 1 - bias(d) - fb;
  }
}

/** x >> n with every bit shifted out ORed into bit 0 ("jamming"); any n >= 0. */
@inline export function shiftRightJam(x: u64, n: i32): u64 {
  if (n == 0) return x;
  if (n >= 63) return x != 0 ? 1 : 0;
  return (x >> <u64>n) | ((x << <u64>(64 - n)) != 0 ? 1 : 0);
}

// ---- rounding ----------------------------------------------------------------------------------

/**
 * Round (-1)^sign × sig/2^62 × 2^exp (sig normalised at bit 62, jammed) to format d under rm, raise
 * NX/UF/OF as RISC-V requires (tininess after rounding), and return the packed bits.
 */
@inline export function roundPack(sign: bool, exp: i32, sig: u64, d: bool, rm: u32): u64 {
  return d ? roundPackD(sign, exp, sig, rm) : roundPackS(sign, exp, sig, rm);
}
function roundPackD(sign: bool, exp: i32, sig: u64, rm: u32): u64 { return roundPackG(sign, exp, sig, true, rm); }
function roundPackS(sign: bool, exp: i32, sig: u64, rm: u32): u64 { return roundPackG(sign, exp, sig, false, rm); }
@inline function roundPackG(sign: bool, exp: i32, sig: u64, d: bool, rm: u32): u64 {
  const fb = fracBits(d);
  const rb = <u64>(62 - fb);                 // number of round bits below the last kept bit
  const mask: u64 = (<u64>1 << rb) - 1;
  const half: u64 = <u64>1 << (rb - 1);
  let inc: u64 = half;
  if (rm == RM_RTZ) inc = 0;
  else if (rm == RM_RDN) inc = sign ? mask : 0;
  else if (rm == RM_RUP) inc = sign ? 0 : mask;
  const s = signed(sign, d);
  let be = exp + bias(d);                    // biased exponent of the leading bit
  if (be <= 0) {
    // Below the normal range. Tiny after rounding unless rounding at full precision with an
    // unbounded exponent would carry up to 2^emin.
    const tiny = be < 0 || sig + inc < (<u64>1 << 63);
    sig = shiftRightJam(sig, 1 - be);
    const rbits = sig & mask;
    let r = (sig + inc) >> rb;
    if (rm == RM_RNE && rbits == half) r &= ~(<u64>1);
    if (rbits != 0) {
      flags |= FPU_NX;
      if (tiny) flags |= FPU_UF;
    }
    return s | r;                            // a carry into bit fb makes it the smallest normal
  }
  const rbits = sig & mask;
  let r = (sig + inc) >> rb;
  if (rm == RM_RNE && rbits == half) r &= ~(<u64>1);
  if ((r >> <u64>(fb + 1)) != 0) { r >>= 1; be++; }
  if (<u64>be >= expMax(d)) {
    flags |= FPU_OF | FPU_NX;
    const toMax = rm == RM_RTZ || (rm == RM_RDN && !sign) || (rm == RM_RUP && sign);
    return s | (toMax ? maxFinite(d) : infBits(d));
  }
  if (rbits != 0) flags |= FPU_NX;
  return s | (<u64>be << <u64>fb) | (r & fracMask(d));
}

/** The canonical NaN, raising NV if either input is a signalling NaN. */
@inline function nanResult2(a: u64, b: u64, d: bool): u64 {
  if (isSNaN(a, d) || isSNaN(b, d)) flags |= FPU_NV;
  return defaultNaN(d);
}

// ---- add / subtract ------------------------------------------------------------------------------

/** a + b (b's sign flipped first when `negB`), correctly rounded. */
export function add(a: u64, b: u64, negB: bool, d: bool, rm: u32): u64 {
  return d ? addD(a, b, negB, rm) : addS(a, b, negB, rm);
}
function addD(a: u64, b: u64, negB: bool, rm: u32): u64 { return addG(a, b, negB, true, rm); }
function addS(a: u64, b: u64, negB: bool, rm: u32): u64 { return addG(a, b, negB, false, rm); }
@inline function addG(a: u64, b: u64, negB: bool, d: bool, rm: u32): u64 {
  if (negB) b ^= signMask(d);
  if (isNaN(a, d) || isNaN(b, d)) return nanResult2(a, b, d);
  let sa = signOf(a, d);
  let sb = signOf(b, d);
  if (isInf(a, d)) {
    if (isInf(b, d) && sa != sb) { flags |= FPU_NV; return defaultNaN(d); }
    return a;
  }
  if (isInf(b, d)) return b;
  if (isZero(a, d)) {
    if (isZero(b, d)) return sa == sb ? a : signed(rm == RM_RDN, d);
    return b;
  }
  if (isZero(b, d)) return a;
  unpack(a, d); let ea = uExp; let ma = uSig;
  unpack(b, d); let eb = uExp; let mb = uSig;
  if (ea < eb || (ea == eb && ma < mb)) {    // make |a| >= |b|
    let t = ea; ea = eb; eb = t;
    let u = ma; ma = mb; mb = u;
    let s = sa; sa = sb; sb = s;
  }
  mb = shiftRightJam(mb, ea - eb);
  let sum: u64;
  if (sa == sb) {
    sum = ma + mb;
    if ((sum >> 63) != 0) { sum = shiftRightJam(sum, 1); ea++; }
  } else {
    sum = ma - mb;
    if (sum == 0) return signed(rm == RM_RDN, d);   // exact cancellation: +0 (−0 rounding down)
    const sh = <i32>clz(sum) - 1;
    sum <<= <u64>sh;
    ea -= sh;
  }
  return roundPack(sa, ea, sum, d, rm);
}

// ---- 128-bit helpers (for the product and the fused multiply-add) ------------------------------

let pHi: u64 = 0;
let pLo: u64 = 0;

/** The full 128-bit product a × b into pHi:pLo. */
export function mul128(a: u64, b: u64): void {
  const a0 = a & 0xffffffff, a1 = a >> 32;
  const b0 = b & 0xffffffff, b1 = b >> 32;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  pLo = (mid << 32) | (p00 & 0xffffffff);
  pHi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

// ---- multiply ----------------------------------------------------------------------------------------

/** a × b, correctly rounded. */
export function mul(a: u64, b: u64, d: bool, rm: u32): u64 {
  return d ? mulD(a, b, rm) : mulS(a, b, rm);
}
function mulD(a: u64, b: u64, rm: u32): u64 { return mulG(a, b, true, rm); }
function mulS(a: u64, b: u64, rm: u32): u64 { return mulG(a, b, false, rm); }
@inline function mulG(a: u64, b: u64, d: bool, rm: u32): u64 {
  if (isNaN(a, d) || isNaN(b, d)) return nanResult2(a, b, d);
  const sign = signOf(a, d) != signOf(b, d);
  if (isInf(a, d) || isInf(b, d)) {
    if (isZero(a, d) || isZero(b, d)) { flags |= FPU_NV; return defaultNaN(d); }
    return signed(sign, d) | infBits(d);
  }
  if (isZero(a, d) || isZero(b, d)) return signed(sign, d);
  unpack(a, d); const ea = uExp; const ma = uSig;
  unpack(b, d); const eb = uExp; const mb = uSig;
  // ma × (mb << 1) lies in [2^125, 2^127): pHi in [2^61, 2^63)
  mul128(ma, mb << 1);
  let e = ea + eb;
  let sig: u64;
  if ((pHi >> 62) != 0) {
    sig = pHi | (pLo != 0 ? 1 : 0);
    e++;
  } else {
    sig = (pHi << 1) | (pLo >> 63) | ((pLo << 1) != 0 ? 1 : 0);
  }
  return roundPack(sign, e, sig, d, rm);
}

// ---- divide ----------------------------------------------------------------------------------------

/**
 * Turn the host's round-to-nearest binary64 estimate `q` of an exact value into a jammed sig for
 * roundPack. `diff` is (q − exact) scaled to an integer, known exactly: 0 means q is exact, > 0 means
 * the exact value is below q. The exact value is never a rounding tie here (quotients and square
 * roots of binary floats are never halfway cases), and lies within half an ulp of q, so q ± a
 * sticky bit sits on the same side of every rounding boundary of every precision <= 53 bits.
 * Sets uExp/uSig (uExp = q's unbiased exponent).
 */
function estimateToSig(q: f64, diff: i64): void {
  const qb = reinterpret<u64>(q);
  uExp = <i32>((qb >> 52) & 0x7ff) - 1023;
  let sig = ((qb & 0x000fffffffffffff) | 0x0010000000000000) << 10;
  if (diff > 0) {
    sig -= 1;
    if ((sig >> 62) == 0) { sig = (sig << 1) | 1; uExp--; }
  } else if (diff < 0) {
    sig |= 1;
  }
  uSig = sig;
}

/** a ÷ b, correctly rounded (DZ for a finite non-zero a over zero). */
export function div(a: u64, b: u64, d: bool, rm: u32): u64 {
  return d ? divD(a, b, rm) : divS(a, b, rm);
}
function divD(a: u64, b: u64, rm: u32): u64 { return divG(a, b, true, rm); }
function divS(a: u64, b: u64, rm: u32): u64 { return divG(a, b, false, rm); }
@inline function divG(a: u64, b: u64, d: bool, rm: u32): u64 {
  if (isNaN(a, d) || isNaN(b, d)) return nanResult2(a, b, d);
  const sign = signOf(a, d) != signOf(b, d);
  if (isInf(a, d)) {
    if (isInf(b, d)) { flags |= FPU_NV; return defaultNaN(d); }
    return signed(sign, d) | infBits(d);
  }
  if (isInf(b, d)) return signed(sign, d);
  if (isZero(b, d)) {
    if (isZero(a, d)) { flags |= FPU_NV; return defaultNaN(d); }
    flags |= FPU_DZ;
    return signed(sign, d) | infBits(d);
  }
  if (isZero(a, d)) return signed(sign, d);
  unpack(a, d); const ea = uExp; const ma = uSig >> 10;   // 53-bit integers
  unpack(b, d); const eb = uExp; const mb = uSig >> 10;
  // q ≈ ma/mb in (1/2, 2), rounded to nearest by the host.
  const q = <f64>ma / <f64>mb;
  const qb = reinterpret<u64>(q);
  const qm = (qb & 0x000fffffffffffff) | 0x0010000000000000;
  const k = 52 - (<i32>((qb >> 52) & 0x7ff) - 1023);       // q = qm / 2^k, k in {52, 53}
  // qm·mb − ma·2^k is below 2^52 in magnitude, so its value mod 2^64 is its value.
  const diff = <i64>(qm * mb - (ma << <u64>k));
  estimateToSig(q, diff);
  return roundPack(sign, ea - eb + uExp, uSig, d, rm);
}

// ---- square root -------------------------------------------------------------------------------------

/** √a, correctly rounded (NV for a < 0, √−0 = −0). */
export function sqrt(a: u64, d: bool, rm: u32): u64 {
  return d ? sqrtD(a, rm) : sqrtS(a, rm);
}
function sqrtD(a: u64, rm: u32): u64 { return sqrtG(a, true, rm); }
function sqrtS(a: u64, rm: u32): u64 { return sqrtG(a, false, rm); }
@inline function sqrtG(a: u64, d: bool, rm: u32): u64 {
  if (isNaN(a, d)) {
    if (isSNaN(a, d)) flags |= FPU_NV;
    return defaultNaN(d);
  }
  if (isZero(a, d)) return a;
  if (signOf(a, d)) { flags |= FPU_NV; return defaultNaN(d); }
  if (isInf(a, d)) return a;
  unpack(a, d);
  // a = m × 2^E with E even and m a 53- or 54-bit integer.
  let m = uSig >> 10;
  let E = uExp - 52;
  if ((E & 1) != 0) { m <<= 1; E--; }
  const r = Math.sqrt(<f64>m);                              // in [2^26, 2^27)
  const rb = reinterpret<u64>(r);
  const rm_ = (rb & 0x000fffffffffffff) | 0x0010000000000000; // r = rm_ / 2^26
  // rm_² − m·2^52 is below 2^54 in magnitude.
  const diff = <i64>(rm_ * rm_ - (m << 52));
  estimateToSig(r, diff);
  return roundPack(false, uExp + (E >> 1), uSig, d, rm);
}

// ---- fused multiply-add ------------------------------------------------------------------------------

/**
 * (a × b) + c with a single rounding. `negProd` negates the product, `negC` the addend
 * (fmsub: negC; fnmsub: negProd; fnmadd: both). NV for ∞ × 0 even when c is a quiet NaN.
 */
export function fma(a: u64, b: u64, c: u64, negProd: bool, negC: bool, d: bool, rm: u32): u64 {
  return d ? fmaD(a, b, c, negProd, negC, rm) : fmaS(a, b, c, negProd, negC, rm);
}
function fmaD(a: u64, b: u64, c: u64, negProd: bool, negC: bool, rm: u32): u64 { return fmaG(a, b, c, negProd, negC, true, rm); }
function fmaS(a: u64, b: u64, c: u64, negProd: bool, negC: bool, rm: u32): u64 { return fmaG(a, b, c, negProd, negC, false, rm); }
@inline function fmaG(a: u64, b: u64, c: u64, negProd: bool, negC: bool, d: bool, rm: u32): u64 {
  const infZero = (isInf(a, d) && isZero(b, d)) || (isZero(a, d) && isInf(b, d));
  if (isNaN(a, d) || isNaN(b, d) || isNaN(c, d)) {
    if (isSNaN(a, d) || isSNaN(b, d) || isSNaN(c, d) || infZero) flags |= FPU_NV;
    return defaultNaN(d);
  }
  if (infZero) { flags |= FPU_NV; return defaultNaN(d); }
  const sp = (signOf(a, d) != signOf(b, d)) != negProd;
  const sc = signOf(c, d) != negC;
  if (isInf(a, d) || isInf(b, d)) {
    if (isInf(c, d) && sc != sp) { flags |= FPU_NV; return defaultNaN(d); }
    return signed(sp, d) | infBits(d);
  }
  if (isInf(c, d)) return signed(sc, d) | infBits(d);
  if (isZero(a, d) || isZero(b, d)) {
    if (isZero(c, d)) return signed(sp == sc ? sp : rm == RM_RDN, d);
    return signed(sc, d) | absOf(c, d);
  }
  unpack(a, d); const ea = uExp; const ma = uSig;
  unpack(b, d); const eb = uExp; const mb = uSig;
  mul128(ma, mb);                            // in [2^124, 2^126)
  let xh = pHi, xl = pLo;
  let ex = ea + eb;
  // normalise the product to its leading bit at 125: value = P / 2^125 × 2^ex
  if ((xh >> 61) != 0) ex++;
  else { xh = (xh << 1) | (xl >> 63); xl <<= 1; }
  if (isZero(c, d)) {
    const sig = (xh << 1) | (xl >> 63) | ((xl << 1) != 0 ? 1 : 0);
    return roundPack(sp, ex, sig, d, rm);
  }
  unpack(c, d);
  let ey = uExp;
  let yh = uSig >> 1, yl = uSig << 63;     // leading bit at 125 too
  let sx = sp, sy = sc;
  // make X the larger magnitude
  if (ey > ex || (ey == ex && (yh > xh || (yh == xh && yl > xl)))) {
    let t = ex; ex = ey; ey = t;
    let h = xh; xh = yh; yh = h;
    let l = xl; xl = yl; yl = l;
    let s = sx; sx = sy; sy = s;
  }
  // align Y: shift right by ex − ey with jamming
  const n = ex - ey;
  if (n >= 128) {
    yl = (yh | yl) != 0 ? 1 : 0; yh = 0;
  } else if (n >= 64) {
    const m = n - 64;
    const lost = m == 0 ? yl : (yl | (yh << <u64>(64 - m)));
    yl = (m == 0 ? yh : (yh >> <u64>m)) | (lost != 0 ? 1 : 0);
    yh = 0;
  } else if (n > 0) {
    const lost = yl << <u64>(64 - n);
    yl = (yl >> <u64>n) | (yh << <u64>(64 - n)) | (lost != 0 ? 1 : 0);
    yh >>= <u64>n;
  }
  let zh: u64, zl: u64;
  if (sx == sy) {
    zl = xl + yl;
    zh = xh + yh + (zl < xl ? 1 : 0);
  } else {
    zl = xl - yl;
    zh = xh - yh - (xl < yl ? 1 : 0);
    if ((zh | zl) == 0) return signed(rm == RM_RDN, d);
  }
  // normalise Z to its leading bit at 126, then keep the high word (jamming the low one)
  const lead = zh != 0 ? 127 - <i32>clz(zh) : 63 - <i32>clz(zl);
  const sh = 126 - lead;
  if (sh >= 64) { zh = zl << <u64>(sh - 64); zl = 0; }
  else if (sh > 0) { zh = (zh << <u64>sh) | (zl >> <u64>(64 - sh)); zl <<= <u64>sh; }
  else if (sh < 0) {                         // lead = 127 cannot happen (sum < 2^127); kept for safety
    zl = (zl >> 1) | (zh << 63) | (zl & 1); zh >>= 1;
  }
  return roundPack(sx, ex + lead - 125, zh | (zl != 0 ? 1 : 0), d, rm);
}

// ---- conversions between the formats -----------------------------------------------------------

/** binary64 → binary32 (rounded); NaN → canonical NaN. */
export function f64ToF32(a: u64, rm: u32): u64 {
  if (isNaN(a, true)) {
    if (isSNaN(a, true)) flags |= FPU_NV;
    return defaultNaN(false);
  }
  const s = signOf(a, true);
  if (isInf(a, true)) return signed(s, false) | infBits(false);
  if (isZero(a, true)) return signed(s, false);
  unpack(a, true);
  return roundPack(s, uExp, uSig, false, rm);
}

/** binary32 → binary64 (exact); NaN → canonical NaN. */
export function f32ToF64(a: u64): u64 {
  if (isNaN(a, false)) {
    if (isSNaN(a, false)) flags |= FPU_NV;
    return defaultNaN(true);
  }
  const s = signOf(a, false);
  if (isInf(a, false)) return signed(s, true) | infBits(true);
  if (isZero(a, false)) return signed(s, true);
  unpack(a, false);
  return roundPack(s, uExp, uSig, true, RM_RNE);
}

// ---- integer → float --------------------------------------------------------------------------------

/** The integer (-1)^neg × mag, rounded to format d. */
export function fromInt(mag: u64, neg: bool, d: bool, rm: u32): u64 {
  if (mag == 0) return 0;
  const top = 63 - <i32>clz(mag);
  let sig: u64;
  if (top == 63) sig = shiftRightJam(mag, 1);
  else sig = mag << <u64>(62 - top);
  return roundPack(neg, top, sig, d, rm);
}

// ---- float → integer ------------------------------------------------------------------------------

// Integer targets.
export const INT_W: u32 = 0;    // signed 32-bit
export const INT_WU: u32 = 1;   // unsigned 32-bit
export const INT_L: u32 = 2;    // signed 64-bit
export const INT_LU: u32 = 3;   // unsigned 64-bit

/**
 * a rounded to an integer of kind `kind` under rm, as the 64-bit value RISC-V writes to rd (32-bit
 * results sign-extended). Out of range or NaN: NV and the saturated value (NaN counts as +∞).
 */
export function toInt(a: u64, kind: u32, d: bool, rm: u32): u64 {
  const nan = isNaN(a, d);
  const neg = !nan && signOf(a, d);
  let mag: u64 = 0;
  let frac: u64 = 0;                         // the fraction as a 64-bit binary fraction (jammed)
  let big = nan || isInf(a, d);
  if (!big && !isZero(a, d)) {
    unpack(a, d);
    const e = uExp;
    const sig = uSig;
    if (e > 63) big = true;
    else {
      const sh = 62 - e;                     // value = sig >> sh
      if (sh < 0) { mag = sig << 1; }
      else if (sh == 0) { mag = sig; }
      else if (sh < 64) { mag = sig >> <u64>sh; frac = sig << <u64>(64 - sh); }
      else { frac = shiftRightJam(sig, sh - 64); }
      let up = false;
      const halfway: u64 = <u64>1 << 63;
      if (rm == RM_RNE) up = frac > halfway || (frac == halfway && (mag & 1) != 0);
      else if (rm == RM_RDN) up = neg && frac != 0;
      else if (rm == RM_RUP) up = !neg && frac != 0;
      else if (rm != RM_RTZ) up = frac >= halfway;          // RMM
      if (up) mag++;
    }
  }
  // range check against the target
  let ok = !big;
  let result: u64 = 0;
  if (ok) {
    if (kind == INT_W) {
      ok = neg ? mag <= 0x80000000 : mag <= 0x7fffffff;
      result = neg ? <u64>(-<i64>mag) : mag;
    } else if (kind == INT_WU) {
      ok = neg ? mag == 0 : mag <= 0xffffffff;
      result = <u64><i64><i32><u32>mag;
    } else if (kind == INT_L) {
      ok = neg ? mag <= 0x8000000000000000 : mag <= 0x7fffffffffffffff;
      result = neg ? <u64>(-<i64>mag) : mag;
    } else {
      ok = neg ? mag == 0 : true;
      result = mag;
    }
  }
  if (!ok) {
    flags |= FPU_NV;
    if (kind == INT_W) return neg ? 0xffffffff80000000 : 0x7fffffff;
    if (kind == INT_WU) return neg ? 0 : 0xffffffffffffffff;
    if (kind == INT_L) return neg ? 0x8000000000000000 : 0x7fffffffffffffff;
    return neg ? 0 : 0xffffffffffffffff;
  }
  if (frac != 0) flags |= FPU_NX;
  return result;
}

// ---- comparisons, min/max, classify ------------------------------------------------------------------

/** a < b (lt) or a <= b (!lt) or a == b (eq); NaN operands compare false. Flags per `signalling`. */
export function compare(a: u64, b: u64, d: bool, op: u32): bool {
  // op: 0 = le, 1 = lt, 2 = eq (the funct3 of FLE/FLT/FEQ)
  if (isNaN(a, d) || isNaN(b, d)) {
    if (op != 2 || isSNaN(a, d) || isSNaN(b, d)) flags |= FPU_NV;
    return false;
  }
  if (d) {
    const x = reinterpret<f64>(a), y = reinterpret<f64>(b);
    return op == 2 ? x == y : op == 1 ? x < y : x <= y;
  }
  const x = reinterpret<f32>(<u32>a), y = reinterpret<f32>(<u32>b);
  return op == 2 ? x == y : op == 1 ? x < y : x <= y;
}

/** fmin (max = false) / fmax (max = true), 2019 semantics: −0 < +0, a single NaN gives the other. */
export function minMax(a: u64, b: u64, d: bool, max: bool): u64 {
  const an = isNaN(a, d), bn = isNaN(b, d);
  if (an || bn) {
    if (isSNaN(a, d) || isSNaN(b, d)) flags |= FPU_NV;
    if (an && bn) return defaultNaN(d);
    return an ? b : a;
  }
  const sa = signOf(a, d), sb = signOf(b, d);
  let aLess: bool;                           // a < b, with −0 < +0
  if (sa != sb) aLess = sa;
  else if (sa) aLess = absOf(a, d) > absOf(b, d);
  else aLess = absOf(a, d) < absOf(b, d);
  return (aLess != max) ? a : b;
}

/** The fclass mask of a. */
export function classify(a: u64, d: bool): u64 {
  const s = signOf(a, d);
  if (isNaN(a, d)) return isSNaN(a, d) ? 1 << 8 : 1 << 9;
  if (isInf(a, d)) return s ? 1 << 0 : 1 << 7;
  if (isZero(a, d)) return s ? 1 << 3 : 1 << 4;
  const sub = ((a >> <u64>fracBits(d)) & expMax(d)) == 0;
  if (sub) return s ? 1 << 2 : 1 << 5;
  return s ? 1 << 1 : 1 << 6;
}
