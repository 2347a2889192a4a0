// hartnet's F/D arithmetic against QEMU (test/fpu/oracle.c under qemu-riscv64), bit for bit:
// result and fflags for every instruction variant (operation × format × rounding mode, static and
// dynamic). No QEMU needed here: the operands come from the deterministic generator
// (test/fpu/gen.mjs) and the oracle's answers are committed:
//   - expected.bin.gz: the first `count` results of every variant, compared record by record;
//   - expected.json hashes: SHA-256 of the oracle's results for all `fullCount` operand sets of
//     every variant, compared with the hash of hartnet's results.
// Regenerate with test/fpu/regenerate.sh (after changing the generator).
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ES modules shared with the Node scripts
import { VARIANTS, SEED, generate } from "../fpu/gen.mjs";
// @ts-expect-error plain ES modules shared with the Node scripts
import { loadHarness } from "../fpu/harness.mjs";

interface Variant { name: string }
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fpuDir = join(root, "test", "fpu");
const meta = JSON.parse(readFileSync(join(fpuDir, "expected.json"), "utf8")) as {
  seed: number; count: number; fullCount: number; variants: string[]; hashes: Record<string, string>;
};

let harness: { run: (input: Buffer) => Buffer };
let expected: Buffer;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, "scripts", "build-wasm.mjs")], { cwd: root, stdio: "inherit" });
  harness = loadHarness();
  expected = gunzipSync(readFileSync(join(fpuDir, "expected.bin.gz")));
}, 300_000);

function hex(b: Buffer, o: number): string {
  return b.readBigUInt64LE(o).toString(16).padStart(16, "0");
}

describe("FPU vs the QEMU oracle", () => {
  it("the committed vectors belong to this generator", () => {
    expect(meta.seed).toBe(SEED);
    expect(meta.variants).toEqual((VARIANTS as Variant[]).map((v) => v.name));
    expect(expected.length).toBe(meta.variants.length * meta.count * 9);
  });

  it(`every variant, ${meta.count} operand sets each, record by record`, () => {
    const failures: string[] = [];
    let compared = 0;
    (VARIANTS as Variant[]).forEach((v, vi) => {
      const input: Buffer = generate(v, meta.count);
      const got = harness.run(input);
      let bad = 0;
      for (let i = 0; i < meta.count; i++) {
        const e = (vi * meta.count + i) * 9;
        const same = expected.compare(got, i * 16, i * 16 + 8, e, e + 8) === 0 &&
          got[i * 16 + 8] === expected[e + 8] && got.readUInt32LE(i * 16 + 12) === 1;
        compared++;
        if (!same && bad++ < 3) {
          failures.push(`${v.name} #${i}: frm=${input.readUInt32LE(i * 32 + 4) & 7} a=${hex(input, i * 32 + 8)} ` +
            `b=${hex(input, i * 32 + 16)} c=${hex(input, i * 32 + 24)} → expected ${hex(expected, e)} ` +
            `flags ${expected[e + 8]}, got ${hex(got, i * 16)} flags ${got[i * 16 + 8]}`);
        }
      }
    });
    expect(failures, failures.join("\n")).toEqual([]);
    expect(compared).toBe(meta.variants.length * meta.count);
  }, 120_000);

  it(`every variant, all ${meta.fullCount} operand sets each, against the oracle's hashes`, () => {
    const differ: string[] = [];
    for (const v of VARIANTS as Variant[]) {
      const got = harness.run(generate(v, meta.fullCount));
      if (createHash("sha256").update(got).digest("hex") !== meta.hashes[v.name]) differ.push(v.name);
    }
    expect(differ).toEqual([]);
  }, 180_000);
});
