// The round-to-nearest-even fast paths (host binary64 arithmetic + exact inexact checks, in
// wasm/fpu/execute.ts) against the exact integer path (wasm/fpu/softfloat.ts) on many more operands
// than the oracle vectors: every fadd/fsub/fmul/fdiv/fsqrt and fused multiply-add in both formats
// must give the same bits and flags either way. The integer path itself is checked against QEMU by
// fpu-oracle.test.ts. FPU_PATHS_N=3000000 runs ten times as many random operand sets.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ES modules shared with the Node scripts
import { VARIANTS, generate } from "../fpu/gen.mjs";
// @ts-expect-error plain ES modules shared with the Node scripts
import { loadHarness } from "../fpu/harness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let harness: { run: (b: Buffer) => Buffer; runSoft: (b: Buffer) => Buffer };

beforeAll(() => {
  execFileSync(process.execPath, [join(root, "scripts", "build-wasm.mjs")], { cwd: root, stdio: "inherit" });
  harness = loadHarness();
}, 300_000);

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * n records of `insn` with finite operands where the fast path applies or just fails to: random
 * exponents over the whole range, and pairs placed so results land near the underflow and
 * overflow thresholds, cancel, or are exact.
 */
function finiteOperands(insn: number, d: boolean, n: number, seed: number): Buffer {
  const rnd = prng(seed);
  const buf = Buffer.alloc(n * 32);
  const f64 = new Float64Array(1), u32 = new Uint32Array(f64.buffer);
  const f32 = new Float32Array(1), s32 = new Uint32Array(f32.buffer);
  const put = (o: number, x: number) => {
    if (d) { f64[0] = x; buf.writeUInt32LE(u32[0], o); buf.writeUInt32LE(u32[1], o + 4); }
    else { f32[0] = x; buf.writeUInt32LE(s32[0], o); buf.writeUInt32LE(0xffffffff, o + 4); }
  };
  const emin = d ? -1022 : -126, emax = d ? 1023 : 127, p = d ? 53 : 24;
  const sig = () => 1 + rnd() / 2 ** 32 + (d ? rnd() / 2 ** 64 : 0);
  const sign = () => (rnd() & 1 ? -1 : 1);
  for (let i = 0; i < n; i++) {
    const o = i * 32;
    buf.writeUInt32LE(insn, o);
    let a = sign() * sig() * 2 ** (emin - p + (rnd() % (emax - emin + p)));
    let b = sign() * sig() * 2 ** (emin - p + (rnd() % (emax - emin + p)));
    switch (rnd() % 6) {
      case 0: b = sign() * (2 ** (emin + (rnd() % 4) - (rnd() % (p + 2)))) / a * (1 + (rnd() % 8) / 2 ** p); break;
      case 1: b = sign() * (2 ** (emax - (rnd() % 3))) / a * (1 - (rnd() % 8) / 2 ** p); break;
      case 2: b = -a * (1 + ((rnd() % 16) - 8) / 2 ** p); break;
      case 3: a = Math.round(a * 2 ** 20) / 2 ** 20 || a; b = (rnd() % 4096) + 1; break;
      case 4: { const e = Math.floor(Math.log2(Math.abs(a))); a = Math.round(a * 2 ** (12 - e)) / 2 ** (12 - e); b = a * a; break; }
    }
    // the addend of the fused operations: random, cancelling a·b, or near its rounding position
    let c = sign() * sig() * 2 ** (emin - p + (rnd() % (emax - emin + p)));
    const ab = a * b;
    switch (rnd() % 5) {
      case 0: c = -ab * (1 + ((rnd() % 64) - 32) / 2 ** p); break;
      case 1: c = sign() * ab * 2 ** -(p + (rnd() % 6) - 3) * (1 + (rnd() % 4) / 4); break;
      case 2: c = -ab; break;
      case 3: c = sign() * Math.abs(ab) * (1 + (rnd() % 1024) / 1024); break;
    }
    if (!Number.isFinite(c) || c === 0) c = 1;
    put(o + 8, a);
    put(o + 16, b);
    put(o + 24, c);
  }
  return buf;
}

function compareRuns(name: string, input: Buffer): string[] {
  const fast = harness.run(input);
  const soft = harness.runSoft(input);
  const bad: string[] = [];
  for (let i = 0; i < input.length / 32 && bad.length < 5; i++) {
    if (fast.compare(soft, i * 16, i * 16 + 12, i * 16, i * 16 + 12) !== 0) {
      bad.push(`${name} a=${input.readBigUInt64LE(i * 32 + 8).toString(16)} b=${input.readBigUInt64LE(i * 32 + 16).toString(16)}: ` +
        `fast ${fast.readBigUInt64LE(i * 16).toString(16)}/${fast[i * 16 + 8]} exact ${soft.readBigUInt64LE(i * 16).toString(16)}/${soft[i * 16 + 8]}`);
    }
  }
  return bad;
}

const N = Number(process.env.FPU_PATHS_N ?? 300_000);
const OPS = ["fadd", "fsub", "fmul", "fdiv", "fsqrt", "fmadd", "fmsub", "fnmsub", "fnmadd"];

describe("RNE fast paths agree with the exact path", () => {
  for (const f of ["s", "d"]) {
    for (const op of OPS) {
      it(`${op}.${f}`, () => {
        const v = (VARIANTS as { name: string; insn: number }[]).find((x) => x.name === `${op}.${f}.rne`)!;
        const seed = op.length * 7919 + (f === "d" ? 1 : 2);
        expect(compareRuns(v.name, finiteOperands(v.insn, f === "d", N, seed))).toEqual([]);
        expect(compareRuns(v.name, generate(v, 100_000))).toEqual([]);
      }, 600_000);
    }
  }
});
