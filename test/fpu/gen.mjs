#!/usr/bin/env node
// Operand generator for the FPU oracle vectors (deterministic: fixed seed, one PRNG stream per
// instruction variant, so the first k records of a variant never depend on how many are made).
//
// A variant is one instruction encoding: an operation, a format and a rounding mode (the five
// static modes, plus "dyn" where rm = 7 and each record's frm is one of the five). Records are the
// 32-byte inputs of test/fpu/oracle.c and the wasm harness (wasm/fpu/harness.ts):
//   +0 u32 instruction  +4 u32 frm (| 0x100 when the result goes to x14)  +8 a  +16 b  +24 c
//
// CLI: node test/fpu/gen.mjs COUNT [NAME-FILTER]   → every variant's COUNT records on stdout
//      node test/fpu/gen.mjs --list                 → the variant names

export const SEED = 0x6861727;            // "hart"
export const INT_DEST = 0x100;

// ---- instruction encodings (operands in f/x 11, 12, 13; result in f/x 14) ------------------------

const RD = 14, RS1 = 11, RS2 = 12, RS3 = 13;
const opfp = (funct5, fmt, rs2, rm) =>
  ((funct5 << 27) | (fmt << 25) | (rs2 << 20) | (RS1 << 15) | (rm << 12) | (RD << 7) | 0x53) >>> 0;
const r4 = (opc, fmt, rm) =>
  ((RS3 << 27) | (fmt << 25) | (RS2 << 20) | (RS1 << 15) | (rm << 12) | (RD << 7) | opc) >>> 0;

const RMS = [["rne", 0], ["rtz", 1], ["rdn", 2], ["rup", 3], ["rmm", 4], ["dyn", 7]];
const FMTS = [["s", 0], ["d", 1]];
const INTS = [["w", 0], ["wu", 1], ["l", 2], ["lu", 3]];

/** Every variant: { name, insn, kinds: operand kinds for a/b/c, intDest, dyn, gen: operand style } */
export const VARIANTS = (() => {
  const v = [];
  const add = (name, insn, kinds, style, intDest = false, dyn = false) =>
    v.push({ name, insn, kinds, style, intDest, dyn });
  for (const [f, fmt] of FMTS) {
    for (const [rmName, rm] of RMS) {
      const dyn = rm === 7;
      add(`fadd.${f}.${rmName}`, opfp(0x00, fmt, RS2, rm), [f, f], "add", false, dyn);
      add(`fsub.${f}.${rmName}`, opfp(0x01, fmt, RS2, rm), [f, f], "sub", false, dyn);
      add(`fmul.${f}.${rmName}`, opfp(0x02, fmt, RS2, rm), [f, f], "mul", false, dyn);
      add(`fdiv.${f}.${rmName}`, opfp(0x03, fmt, RS2, rm), [f, f], "div", false, dyn);
      add(`fsqrt.${f}.${rmName}`, opfp(0x0b, fmt, 0, rm), [f], "sqrt", false, dyn);
      add(`fmadd.${f}.${rmName}`, r4(0x43, fmt, rm), [f, f, f], "fma", false, dyn);
      add(`fmsub.${f}.${rmName}`, r4(0x47, fmt, rm), [f, f, f], "fms", false, dyn);
      add(`fnmsub.${f}.${rmName}`, r4(0x4b, fmt, rm), [f, f, f], "fms", false, dyn);
      add(`fnmadd.${f}.${rmName}`, r4(0x4f, fmt, rm), [f, f, f], "fma", false, dyn);
      for (const [i, ik] of INTS) {
        add(`fcvt.${i}.${f}.${rmName}`, opfp(0x18, fmt, ik, rm), [f], "toint", true, dyn);
        add(`fcvt.${f}.${i}.${rmName}`, opfp(0x1a, fmt, ik, rm), [i === "w" || i === "wu" ? "x32" : "x64"], "fromint", false, dyn);
      }
      if (f === "s") add(`fcvt.s.d.${rmName}`, opfp(0x08, 0, 1, rm), ["d"], "narrow", false, dyn);
      else add(`fcvt.d.s.${rmName}`, opfp(0x08, 1, 0, rm), ["s"], "any", false, dyn);
    }
    add(`fsgnj.${f}`, opfp(0x04, fmt, RS2, 0), [f, f], "any");
    add(`fsgnjn.${f}`, opfp(0x04, fmt, RS2, 1), [f, f], "any");
    add(`fsgnjx.${f}`, opfp(0x04, fmt, RS2, 2), [f, f], "any");
    add(`fmin.${f}`, opfp(0x05, fmt, RS2, 0), [f, f], "cmp");
    add(`fmax.${f}`, opfp(0x05, fmt, RS2, 1), [f, f], "cmp");
    add(`fle.${f}`, opfp(0x14, fmt, RS2, 0), [f, f], "cmp", true);
    add(`flt.${f}`, opfp(0x14, fmt, RS2, 1), [f, f], "cmp", true);
    add(`feq.${f}`, opfp(0x14, fmt, RS2, 2), [f, f], "cmp", true);
    add(`fclass.${f}`, opfp(0x1c, fmt, 0, 1), [f], "any", true);
    add(`fmv.x.${f === "s" ? "w" : "d"}`, opfp(0x1c, fmt, 0, 0), [f], "any", true);
    add(`fmv.${f === "s" ? "w" : "d"}.x`, opfp(0x1e, fmt, 0, 0), ["x64"], "any");
  }
  return v;
})();

// ---- PRNG and bit helpers ------------------------------------------------------------------------

function hashName(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const cv = new DataView(new ArrayBuffer(8));
const toF64 = (hi, lo) => { cv.setUint32(0, lo, true); cv.setUint32(4, hi, true); return cv.getFloat64(0, true); };
const fromF64 = (x) => { cv.setFloat64(0, x, true); return [cv.getUint32(4, true), cv.getUint32(0, true)]; };
const toF32 = (v) => { cv.setUint32(0, v, true); return cv.getFloat32(0, true); };
const fromF32 = (x) => { cv.setFloat32(0, x, true); return cv.getUint32(0, true); };

// Format descriptions: exponent bits, fraction bits.
const FD = { d: { e: 11, m: 52 }, s: { e: 8, m: 23 } };

/** One value generator per variant (closure over its PRNG). Values are [hi, lo] u32 pairs. */
function makeGen(rnd) {
  const r = (n) => (n >= 1 ? rnd() % n : 0);
  const chance = (p) => rnd() / 4294967296 < p;
  const u64 = () => [rnd(), rnd()];

  // Pack sign, biased exponent and fraction (as [hi, lo] for d, or a u32 for s).
  function packD(s, e, fhi, flo) { return [((s << 31) | (e << 20) | (fhi & 0xfffff)) >>> 0, flo >>> 0]; }
  function packS(s, e, f) { return ((s << 31) | (e << 23) | (f & 0x7fffff)) >>> 0; }

  // A random fraction: fully random, sparse (few top bits), all ones, or tiny (few low bits).
  function fracD() {
    switch (r(6)) {
      case 0: case 1: return [rnd() & 0xfffff, rnd()];
      case 2: { const k = 1 + r(30); const hi = rnd() & 0xfffff; // top k bits only
        if (k <= 20) return [hi & ~((1 << (20 - k)) - 1) & 0xfffff, 0];
        return [hi, (rnd() & ~((2 ** (52 - k)) - 1)) >>> 0]; }
      case 3: return chance(0.5) ? [0xfffff, 0xffffffff] : [0, 0];
      case 4: return [0, r(16)];
      default: { // the top k fraction bits set: sums and products near ties
        const k = 1 + r(52);
        if (k <= 20) return [(0xfffff << (20 - k)) & 0xfffff, 0];
        return [0xfffff, (0xffffffff << (52 - k)) >>> 0];
      }
    }
  }
  function fracS() {
    switch (r(6)) {
      case 0: case 1: return rnd() & 0x7fffff;
      case 2: { const k = 1 + r(23); return (rnd() & ~((1 << (23 - k)) - 1)) & 0x7fffff; }
      case 3: return chance(0.5) ? 0x7fffff : 0;
      case 4: return r(16);
      default: { const k = r(23); return (0x7fffff << k) & 0x7fffff; }
    }
  }
  // An exponent: full range, near the extremes, or near 1.
  function expOf(F, style) {
    const emax = (1 << F.e) - 1, bias = (1 << (F.e - 1)) - 1;
    switch (r(8)) {
      case 0: return r(emax + 1);
      case 1: return r(4);                               // subnormal / tiny
      case 2: return emax - 1 - r(4);                    // near overflow
      case 3: return bias + r(8) - r(8);
      case 4: return bias + r(70) - r(40);               // integer-conversion range
      default: return 1 + r(emax - 1);                   // normal
    }
  }
  const SPECIAL_D = [
    [0, 0], [0x7ff00000, 0], [0x7ff80000, 0], [0x7ff80000, 1], [0x7ff40000, 0], [0x7ff00000, 1],
    [0x7fffffff, 0xffffffff], [0, 1], [0x000fffff, 0xffffffff], [0x00100000, 0], [0x7fefffff, 0xffffffff],
    [0x3ff00000, 0], [0x3ff00000, 1], [0x3fefffff, 0xffffffff], [0x40000000, 0], [0x3fe00000, 0],
    [0x41e00000, 0], [0x41dfffff, 0xffffffff], [0x41efffff, 0xffffffff], [0x41f00000, 0],
    [0x43e00000, 0], [0x43dfffff, 0xffffffff], [0x43f00000, 0], [0x43efffff, 0xffffffff],
    [0x41e00000, 0x00200000], [0x41dfffff, 0xffc00000], [0x3ff80000, 0], [0x40040000, 0], [0x00080000, 0],
    [0x00100000, 1], [0x001fffff, 0xffffffff], [0x7fe00000, 0], [0x43300000, 0], [0x43400000, 0],
  ];
  const SPECIAL_S = [
    0, 0x7f800000, 0x7fc00000, 0x7fc00001, 0x7fa00000, 0x7f800001, 0x7fffffff, 1, 0x7fffff, 0x800000,
    0x7f7fffff, 0x3f800000, 0x3f800001, 0x3f7fffff, 0x40000000, 0x3f000000, 0x4f000000, 0x4effffff,
    0x4f7fffff, 0x4f800000, 0x5f000000, 0x5effffff, 0x5f800000, 0x5f7fffff, 0x3fc00000, 0x40200000,
    0x400000, 0x800001, 0xffffff, 0x7f000000, 0x4b000000, 0x4b800000, 0x4b400000,
  ];

  /** A random binary64 as [hi, lo]. */
  function genD(style) {
    const p = r(100);
    if (p < 20) return u64();
    if (p < 35) { const v = SPECIAL_D[r(SPECIAL_D.length)]; return [(v[0] | (rnd() & 0x80000000)) >>> 0, v[1]]; }
    if (p < 45 && (style === "toint" || style === "any")) {    // near integers and halves
      const k = (rnd() % 2 ** 20) * 2 ** r(45) + r(3) * 0.5;
      const [hi, lo] = fromF64(chance(0.5) ? -k : k);
      const d = r(5) - 2;                                    // ± a couple of ulps
      return [hi, (lo + d) >>> 0];
    }
    const [fhi, flo] = fracD();
    return packD(r(2), expOf(FD.d, style), fhi, flo);
  }
  /** A random binary32 as a u32. */
  function genS(style) {
    const p = r(100);
    if (p < 20) return rnd();
    if (p < 35) return (SPECIAL_S[r(SPECIAL_S.length)] | (rnd() & 0x80000000)) >>> 0;
    if (p < 45 && (style === "toint" || style === "any")) {
      const k = (rnd() % 2 ** 12) * 2 ** r(24) + r(3) * 0.5;
      return (fromF32(chance(0.5) ? -k : k) + r(5) - 2) >>> 0;
    }
    return packS(r(2), expOf(FD.s, style), fracS());
  }
  /** A random 64-bit integer operand. */
  function genInt(bits) {
    switch (r(6)) {
      case 0: return u64();
      case 1: { const v = r(4096); return chance(0.5) ? [0xffffffff, (-v) >>> 0] : [0, v]; }
      case 2: { // near a power of two, maybe negative
        const k = r(bits); const d = r(9) - 4;
        let hi = k >= 32 ? 2 ** (k - 32) : 0, lo = k < 32 ? 2 ** k : 0;
        const l2 = lo + d; lo = (l2 >>> 0); if (l2 < 0) hi = (hi - 1) >>> 0; else if (l2 > 0xffffffff) hi = (hi + 1) >>> 0;
        return chance(0.3) ? neg64(hi, lo) : [hi >>> 0, lo];
      }
      default: { // 24..60 significant bits shifted: rounding ties and near-ties for s and d
        const sig = 20 + r(40);
        let hi = rnd(), lo = rnd();
        if (sig < 64) { // keep sig bits at a random offset
          const off = r(bits - Math.min(sig, bits) + 1);
          [hi, lo] = shl64(...mask64(hi, lo, sig), off);
          if (chance(0.5)) lo = (lo | (2 ** Math.min(off, 31))) >>> 0;
        }
        return chance(0.3) ? neg64(hi, lo) : [hi, lo];
      }
    }
  }
  return { genD, genS, genInt, r, rnd, chance };
}

function neg64(hi, lo) { const l = (~lo + 1) >>> 0; const h = (~hi + (l === 0 ? 1 : 0)) >>> 0; return [h, l]; }
function mask64(hi, lo, n) {
  if (n >= 64) return [hi, lo];
  if (n >= 32) return [(hi & (2 ** (n - 32) - 1)) >>> 0, lo];
  return [0, (lo & (2 ** n - 1)) >>> 0];
}
function shl64(hi, lo, n) {
  if (n === 0) return [hi, lo];
  if (n >= 64) return [0, 0];
  if (n >= 32) return [(lo << (n - 32)) >>> 0, 0];
  return [((hi << n) | (lo >>> (32 - n))) >>> 0, (lo << n) >>> 0];
}

// ---- records ---------------------------------------------------------------------------------------

/** n input records for variant v as a Buffer (32 bytes each). */
export function generate(v, n) {
  const rnd = mulberry32((hashName(v.name) ^ SEED) >>> 0);
  const g = makeGen(rnd);
  const buf = Buffer.alloc(32 * n);
  const ops = [[0, 0], [0, 0], [0, 0]];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < v.kinds.length; k++) {
      const kind = v.kinds[k];
      if (kind === "d") ops[k] = g.genD(v.style);
      else if (kind === "s") ops[k] = [0xffffffff, g.genS(v.style)];
      else ops[k] = g.genInt(kind === "x32" ? 32 : 64);
    }
    relate(v, g, ops);
    // a few improperly NaN-boxed binary32 operands
    for (let k = 0; k < v.kinds.length; k++) {
      if (v.kinds[k] === "s" && g.r(100) < 2) ops[k][0] = g.chance(0.5) ? 0 : g.rnd() & 0xfffffffe;
    }
    const o = i * 32;
    buf.writeUInt32LE(v.insn, o);
    buf.writeUInt32LE((v.dyn ? g.r(5) : g.r(8)) | (v.intDest ? INT_DEST : 0), o + 4);
    for (let k = 0; k < 3; k++) {
      const [hi, lo] = k < v.kinds.length ? ops[k] : [0, 0];
      buf.writeUInt32LE(lo >>> 0, o + 8 + 8 * k);
      buf.writeUInt32LE(hi >>> 0, o + 12 + 8 * k);
    }
  }
  return buf;
}

/** Make operands related for part of the records: cancellation, ties, exact results, range edges. */
function relate(v, g, ops) {
  if (g.r(100) >= 45) return;
  const d = v.kinds[0] === "d";
  const F = d ? FD.d : FD.s;
  const get = (k) => (d ? toF64(ops[k][0], ops[k][1]) : toF32(ops[k][1]));
  const set = (k, x, ulps = 0) => {
    if (d) { const [hi, lo] = fromF64(x); const l = lo + ulps; ops[k] = [l < 0 ? hi - 1 >>> 0 : l > 0xffffffff ? hi + 1 >>> 0 : hi, l >>> 0]; }
    else ops[k] = [0xffffffff, (fromF32(Math.fround(x)) + ulps) >>> 0];
  };
  const a = get(0);
  if (!Number.isFinite(a) || a === 0) return;
  const ulps = () => g.r(7) - 3;
  switch (v.style) {
    case "add": case "sub": {
      // b ≈ ∓a (cancellation) or a scaled by 2^-(p..p+3) (alignment ties)
      const sgn = (v.style === "add") === g.chance(0.5) ? -1 : 1;
      if (g.chance(0.5)) set(1, sgn * a, ulps());
      else set(1, sgn * a * 2 ** -(F.m + g.r(5)), ulps());
      break;
    }
    case "mul": {
      if (g.chance(0.5)) { // product near the underflow or overflow threshold
        const target = g.chance(0.5) ? 2 ** (d ? -1022 : -126) * 2 ** -g.r(F.m + 2) : 2 ** (d ? 1023 : 127) * (1 + g.r(2));
        set(1, target / a, ulps());
      } else { // short significands: exact products and ties
        set(0, shortSig(g, a, d)); set(1, shortSig(g, get(1), d));
      }
      break;
    }
    case "div": {
      if (g.chance(0.5)) { const q = shortSig(g, get(1), d); set(0, q * shortSig(g, get(1), d), 0); }
      else { const target = g.chance(0.5) ? 2 ** (d ? -1022 : -126) * 2 ** -g.r(F.m + 2) : 2 ** (d ? 1023 : 127); set(1, a / target, ulps()); }
      break;
    }
    case "sqrt": {
      const s = shortSig(g, Math.sqrt(Math.abs(a)), d);
      set(0, s * s, g.chance(0.5) ? 0 : ulps());
      break;
    }
    case "fma": case "fms": {
      // c ≈ ∓(a·b): massive cancellation; or c at the product's rounding position
      const b = get(1);
      const p = a * b;
      if (!Number.isFinite(p) || p === 0) break;
      const sgn = (v.style === "fma") ? -1 : 1;
      if (g.chance(0.6)) set(2, sgn * p, ulps());
      else set(2, sgn * p * 2 ** -(F.m + g.r(4)) * (g.chance(0.5) ? 1 : 1.5), ulps());
      break;
    }
    case "narrow": { // binary64 values near binary32 ties and the binary32 range edges
      const x = g.chance(0.5) ? Math.fround(a) : 2 ** -(126 + g.r(26)) * (1 + g.r(8) / 8);
      const [hi, lo] = fromF64(x);
      ops[0] = [hi, (lo + (g.chance(0.5) ? 0x10000000 : 0) + g.r(3) - 1) >>> 0];
      break;
    }
  }
}

/** x with its significand cut to a random short length (so products and quotients are often exact or ties). */
function shortSig(g, x, d) {
  if (!Number.isFinite(x) || x === 0) return x;
  const bits = 1 + g.r(d ? 30 : 14);
  const e = Math.floor(Math.log2(Math.abs(x)));
  const scale = 2 ** (bits - 1 - e);
  const r = Math.round(x * scale) / scale;
  return Number.isFinite(r) && r !== 0 ? r : x;
}

// ---- CLI ------------------------------------------------------------------------------------------

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === "--list") {
    for (const v of VARIANTS) console.log(v.name);
  } else {
    const n = Number(process.argv[2] ?? 1000);
    const filter = process.argv[3];
    const CHUNK = 20000;
    const out = [];
    (async () => {
      for (const v of VARIANTS) {
        if (filter && !v.name.includes(filter)) continue;
        const all = generate(v, n);
        for (let o = 0; o < all.length; o += CHUNK * 32) {
          if (!process.stdout.write(all.subarray(o, Math.min(all.length, o + CHUNK * 32)))) {
            await new Promise((res) => process.stdout.once("drain", res));
          }
        }
      }
    })();
  }
}
