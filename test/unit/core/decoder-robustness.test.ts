// Decoder robustness: every 16-bit encoding and 10^7 random 32-bit words, each executed once from a
// sandbox state in M, S or U mode, must either retire or take a trap with an architectural cause —
// and never make the host throw. (HARTNET_FUZZ_WORDS changes the count.)
import { describe, it, expect, beforeAll } from "vitest";
import { Hart } from "../../../emulator/hart";
import * as L from "../../../wasm/shared/layout";
import { PRV_M, PRV_S, PRV_U, FS_DIRTY, MSTATUS_FS_SHIFT } from "../../../wasm/shared/csr";

const WORDS = Number(process.env.HARTNET_FUZZ_WORDS ?? 10_000_000);
const RAM = 0x8000_0000n;
const CODE = 0x8000_4000n;
const TVEC = 0x8000_0100n;
const VALID_CAUSES = new Set([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 11n, 12n, 13n, 15n]);

let hart: Hart;
let mmioCalls = 0;

beforeAll(async () => {
  hart = await Hart.create(1024 * 1024, {
    read: () => { mmioCalls++; return undefined; },
    write: () => { mmioCalls++; return false; },
  });
});

/** xorshift64*: deterministic random numbers for a reproducible run. */
function rng(seed: bigint) {
  let s = seed;
  return () => {
    s ^= s >> 12n; s ^= (s << 25n) & 0xffff_ffff_ffff_ffffn; s ^= s >> 27n;
    return (s * 0x2545f4914f6cdd1dn) & 0xffff_ffff_ffff_ffffn;
  };
}

interface Outcome { retired: number; trapped: number; causes: Map<bigint, number> }

function runWords(count: number, word: (i: number) => number): Outcome {
  const rand = rng(0x9e3779b97f4a7c15n);
  const ram = hart.ram();
  const dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  const codeOff = Number(CODE - RAM);
  const out: Outcome = { retired: 0, trapped: 0, causes: new Map() };
  const u64 = new BigUint64Array(hart.exports.memory.buffer);
  const F = (o: number) => o / 8;
  const privs = [PRV_M, PRV_S, PRV_U];
  for (let i = 0; i < count; i++) {
    if ((i & 1023) === 0) {
      // Fresh register file: half pointers into RAM (so loads/stores often succeed), half random.
      for (let r = 1; r < 32; r++) hart.setX(r, r & 1 ? RAM + (rand() & 0xf_fff8n) : rand());
      for (let r = 0; r < 32; r++) u64[F(L.F_BASE) + r] = rand();
      hart.exports.flushCaches();
    }
    const w = word(i) >>> 0;
    dv.setUint32(codeOff, w, true);
    const priv = privs[i % 3];
    u64[F(L.PC)] = CODE;
    u64[F(L.PRIV)] = BigInt(priv);
    u64[F(L.MSTATUS)] = BigInt(FS_DIRTY << MSTATUS_FS_SHIFT);
    u64[F(L.SATP)] = 0n;
    u64[F(L.MTVEC)] = TVEC;
    u64[F(L.MEDELEG)] = 0n;
    u64[F(L.MIDELEG)] = 0n;
    u64[F(L.MIE)] = 0n;
    u64[F(L.MCOUNTINHIBIT)] = 0n;
    const traps = u64[F(L.TRAP_COUNT)];
    const instret = u64[F(L.MINSTRET)];
    hart.exports.run(1);
    if (u64[F(L.TRAP_COUNT)] !== traps) {
      const cause = u64[F(L.MCAUSE)];
      out.trapped++;
      out.causes.set(cause, (out.causes.get(cause) ?? 0) + 1);
      if (!VALID_CAUSES.has(cause) || u64[F(L.PC)] !== TVEC || u64[F(L.MEPC)] !== CODE) {
        throw new Error(`word 0x${w.toString(16)} in mode ${priv}: trap cause ${cause} pc 0x${u64[F(L.PC)].toString(16)} epc 0x${u64[F(L.MEPC)].toString(16)}`);
      }
      if (cause === 2n) {
        const tval = u64[F(L.MTVAL)];
        const bits = (w & 3) === 3 ? BigInt(w) : BigInt(w & 0xffff);
        if (tval !== bits) throw new Error(`illegal 0x${w.toString(16)}: mtval 0x${tval.toString(16)}, expected the instruction bits`);
      }
    } else {
      // It executed: the pc moved on (or jumped, even to itself) and stays 2-byte aligned.
      // (minstret may not move: the word may have been a write to mcountinhibit or minstret.)
      if ((u64[F(L.PC)] & 1n) !== 0n) throw new Error(`word 0x${w.toString(16)}: odd pc 0x${u64[F(L.PC)].toString(16)}`);
      void instret;
      out.retired++;
    }
    if (hart.x(0) !== 0n) throw new Error(`word 0x${w.toString(16)} changed x0`);
  }
  return out;
}

describe("decoder robustness", () => {
  it("executes or traps every 16-bit encoding (upper halfword random for 32-bit ones)", () => {
    const rand = rng(7n);
    const o = runWords(65536, (i) => (i & 3) === 3 ? (i | Number((rand() & 0xffffn) << 16n)) : i | 0xffff0000);
    expect(o.retired + o.trapped).toBe(65536);
    expect(o.retired).toBeGreaterThan(20000);   // most compressed encodings are real instructions
    expect(o.causes.get(2n)).toBeGreaterThan(100); // and the reserved ones are illegal
  });
  it(`executes or traps ${WORDS.toLocaleString()} random 32-bit words`, () => {
    const rand = rng(42n);
    const o = runWords(WORDS, () => Number(rand() >> 32n) | 3);
    expect(o.retired + o.trapped).toBe(WORDS);
    expect(o.trapped).toBeGreaterThan(WORDS / 4);
    expect(o.retired).toBeGreaterThan(WORDS / 100);
    expect(mmioCalls).toBeGreaterThan(0); // wild addresses reached the bus and came back as faults
  }, 600_000);
});
