// The instruction table (emulator/debug/isa-table.ts) against the hart's own wasm decoder
// (hart.exports.decodeOnly): on every table entry (several operand fillings each) and on many
// random words, both must name the same operation. F/D instructions are all OP_FLOAT in the hart
// (its FPU decodes its own fields), so there the check is "the table says F/D ⇔ the hart says FLOAT",
// except that the hart also routes the FP major opcodes' unassigned encodings to the FPU (which
// raises illegal-instruction when it executes them) — those are the only table-illegal words the
// hart may call FLOAT.
import { beforeAll, describe, expect, it } from "vitest";
import { Hart } from "../../../emulator/hart";
import { ISA_TABLE, decodeInsn, tableOp } from "../../../emulator/debug/isa-table";
import * as O from "../../../wasm/shared/ops";

const NAMES = O.OP_NAMES.split(" ");
const FP_MAJOR = new Set([0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53]);
let hart: Hart;

beforeAll(async () => {
  hart = await Hart.create(64 * 1024, { read: () => undefined, write: () => false });
});

/** A deterministic PRNG (xorshift32) so a failure names a word that can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

/** Does the hart's op agree with the table for `raw`? Returns a message when not. */
function check(raw: number): string | undefined {
  const hw = hart.exports.decodeOnly(raw >>> 0);
  const d = decodeInsn(raw);
  const want = d?.entry.op ?? O.OP_ILLEGAL;
  if (hw === want) return undefined;
  const compressed = (raw & 3) !== 3;
  if (!d && hw === O.OP_FLOAT && !compressed && FP_MAJOR.has(raw & 0x7f)) return undefined;
  const w = compressed ? (raw & 0xffff).toString(16).padStart(4, "0") : (raw >>> 0).toString(16).padStart(8, "0");
  return `${w}: table ${d?.entry.name ?? "illegal"} (${NAMES[want]}), hart ${NAMES[hw]}`;
}

describe("instruction table vs the hart's decoder", () => {
  it("every entry names an op the hart knows, and names are unique", () => {
    const names = new Set<string>();
    for (const e of ISA_TABLE) {
      expect(names.has(e.name), e.name).toBe(false);
      names.add(e.name);
      expect(e.op).toBeGreaterThanOrEqual(0);
      expect(e.op).toBeLessThan(O.OP_COUNT);
      expect((e.match & ~e.mask) >>> 0, `${e.name}: match outside mask`).toBe(0);
    }
    expect(ISA_TABLE.length).toBeGreaterThan(180);
  });

  it("agrees on every table entry with random operand fields", () => {
    const next = rng(7);
    const bad: string[] = [];
    for (const e of ISA_TABLE) {
      let hits = 0;
      for (let t = 0; t < 400 && hits < 24; t++) {
        const width = e.length === 2 ? 0xffff : 0xffffffff;
        const raw = ((e.match | (next() & ~e.mask)) & width) >>> 0;
        const d = decodeInsn(raw);
        if (d?.entry !== e) continue; // an earlier entry or a `when` condition took this filling
        hits++;
        const m = check(raw);
        if (m && bad.length < 30) bad.push(m);
      }
      expect(hits, `${e.name} never decoded to itself`).toBeGreaterThan(0);
    }
    expect(bad).toEqual([]);
  });

  it("agrees on 300,000 random 32-bit words and every 16-bit word", () => {
    const next = rng(12345);
    const bad: string[] = [];
    for (let i = 0; i < 300_000; i++) {
      const m = check(next() | 3);
      if (m && bad.length < 30) bad.push(m);
    }
    for (let c = 0; c < 0x10000; c++) {
      if ((c & 3) === 3) continue;
      const m = check(c);
      if (m && bad.length < 60) bad.push(m);
    }
    expect(bad).toEqual([]);
  });

  it("maps compressed forms to the base op they expand to", () => {
    expect(tableOp(0x8082)).toBe(O.OP_JALR);  // c.jr ra (ret)
    expect(tableOp(0x853e)).toBe(O.OP_ADD);   // c.mv a0,a5
    expect(tableOp(0x2546)).toBe(O.OP_FLOAT); // c.fldsp
    expect(tableOp(0x0000)).toBe(O.OP_ILLEGAL);
  });
});
