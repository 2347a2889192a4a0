#!/usr/bin/env node
// Compare hartnet's FPU with the QEMU oracle (test/fpu/oracle.c under qemu-riscv64), bit for bit
// (result and fflags), on COUNT generated operand sets per instruction variant.
//
//   node test/fpu/check.mjs [--count N] [--only SUBSTR] [--oracle PATH] [--jobs J]
//                           [--write-expected M]   also write test/fpu/expected.bin.gz (the first M
//                                                  oracle results per variant) and expected.json
//                                                  (with a SHA-256 of every variant's N oracle results)
//   node test/fpu/check.mjs --verify-hashes          no QEMU: recompute hartnet's results for the
//                                                  count in expected.json and compare the hashes
//
// Needs wasm/build/fpu-harness.wasm (node scripts/build-wasm.mjs) and, except with
// --verify-hashes, the oracle binary (test/fpu/regenerate.sh builds it).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { VARIANTS, SEED, generate } from "./gen.mjs";
import { loadHarness } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const count = Number(opt("--count", 100000));
const only = opt("--only", "");
const oracle = opt("--oracle", "/tmp/hartnet-fpu-oracle");
const jobs = Number(opt("--jobs", 2));
const writeExpected = opt("--write-expected", null);

const harness = loadHarness();
const variants = VARIANTS.filter((v) => v.name.includes(only));

/** Decode one record pair for a readable report. */
export function describe(v, inp, exp, got, i) {
  const h = (b, o) => b.readBigUInt64LE(o).toString(16).padStart(16, "0");
  return `${v.name} #${i}: frm=${inp.readUInt32LE(i * 32 + 4) & 7} a=${h(inp, i * 32 + 8)} b=${h(inp, i * 32 + 16)} c=${h(inp, i * 32 + 24)}` +
    ` → qemu ${h(exp, i * 16)} fl=${exp.readUInt32LE(i * 16 + 8).toString(2)}` +
    ` hartnet ${h(got, i * 16)} fl=${got.readUInt32LE(i * 16 + 8).toString(2)}${got.readUInt32LE(i * 16 + 12) ? "" : " ILLEGAL"}`;
}

function runOracle(input) {
  return new Promise((resolve, reject) => {
    const p = spawn("qemu-riscv64", [oracle], { stdio: ["pipe", "pipe", "inherit"] });
    const chunks = [];
    p.stdout.on("data", (c) => chunks.push(c));
    p.on("error", reject);
    p.on("close", (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`oracle exited ${code}`))));
    p.stdin.end(input);
  });
}

if (args.includes("--verify-hashes")) {
  const meta = JSON.parse(readFileSync(join(here, "expected.json"), "utf8"));
  let bad = 0;
  for (const v of variants) {
    const got = harness.run(generate(v, meta.fullCount));
    const hash = createHash("sha256").update(got).digest("hex");
    const ok = hash === meta.hashes[v.name];
    if (!ok) bad++;
    console.log(`${ok ? "ok  " : "DIFF"} ${v.name} (${meta.fullCount})`);
  }
  console.log(bad === 0 ? `all ${variants.length} variants match the oracle hashes` : `${bad} variants differ`);
  process.exit(bad === 0 ? 0 : 1);
}

const results = new Map();
let next = 0, total = 0, totalBad = 0;
const started = Date.now();
async function worker() {
  while (next < variants.length) {
    const v = variants[next++];
    const input = generate(v, count);
    const exp = await runOracle(input);
    const got = harness.run(input);
    let bad = 0;
    const examples = [];
    for (let i = 0; i < count; i++) {
      if (exp.compare(got, i * 16, i * 16 + 16, i * 16, i * 16 + 16) !== 0) {
        bad++;
        if (examples.length < 4) examples.push(describe(v, input, exp, got, i));
      }
    }
    total += count; totalBad += bad;
    results.set(v.name, { bad, hash: createHash("sha256").update(exp).digest("hex"), exp });
    console.log(`${bad ? "FAIL" : "ok  "} ${v.name.padEnd(18)} ${count} compared, ${bad} mismatches`);
    for (const e of examples) console.log("     " + e);
  }
}
await Promise.all(Array.from({ length: jobs }, worker));
console.log(`total: ${total} compared, ${totalBad} mismatches, ${variants.length} variants, ${((Date.now() - started) / 1000).toFixed(0)} s`);

if (writeExpected) {
  const m = Number(writeExpected);
  const parts = [];
  const hashes = {};
  for (const v of VARIANTS) {
    const r = results.get(v.name);
    if (!r) throw new Error(`--write-expected needs every variant (missing ${v.name})`);
    hashes[v.name] = r.hash;
    const b = Buffer.alloc(m * 9);
    for (let i = 0; i < m; i++) {
      r.exp.copy(b, i * 9, i * 16, i * 16 + 8);
      b[i * 9 + 8] = r.exp[i * 16 + 8];
    }
    parts.push(b);
  }
  writeFileSync(join(here, "expected.bin.gz"), gzipSync(Buffer.concat(parts), { level: 9 }));
  writeFileSync(join(here, "expected.json"), JSON.stringify({
    comment: "QEMU oracle results: expected.bin.gz holds, for each variant in order, `count` records of u64 result + u8 fflags; hashes are SHA-256 of the oracle's full 16-byte output records for fullCount operand sets",
    seed: SEED, count: m, fullCount: count, variants: VARIANTS.map((v) => v.name), hashes,
  }, null, 1) + "\n");
  console.log(`wrote expected.bin.gz (${m} per variant) and expected.json`);
}
process.exit(totalBad === 0 ? 0 : 1);
