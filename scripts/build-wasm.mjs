#!/usr/bin/env node
// Compile the AssemblyScript hart (wasm/) to wasm/build/hart.wasm, optimised.
// Runs as part of `npm run build`, `npm test`, `npm run dev` and `npm run bench`; skips the work
// when the output is newer than every source.
import { readdirSync, statSync, mkdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wasmDir = join(root, "wasm");
const outDir = join(wasmDir, "build");

// Entry points: each becomes one .wasm.
const entries = [{ src: "wasm/hart.ts", out: "wasm/build/hart.wasm" }];
// Extra entries contributed by parts of the core (e.g. the FPU's oracle harness) live beside them.
if (existsSync(join(root, "wasm/fpu/harness.ts"))) entries.push({ src: "wasm/fpu/harness.ts", out: "wasm/build/fpu-harness.wasm" });

function newestSource(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) { if (name !== "build") t = Math.max(t, newestSource(p)); }
    else if (name.endsWith(".ts") || name.endsWith(".json")) t = Math.max(t, s.mtimeMs);
  }
  return t;
}

mkdirSync(outDir, { recursive: true });
const srcTime = Math.max(newestSource(wasmDir), statSync(fileURLToPath(import.meta.url)).mtimeMs);
const asc = join(root, "node_modules", ".bin", "asc");
for (const { src, out } of entries) {
  const outPath = join(root, out);
  if (existsSync(outPath) && statSync(outPath).mtimeMs > srcTime && !process.argv.includes("--force")) continue;
  const args = [
    src, "-o", out, "--textFile", out.replace(/\.wasm$/, ".wat"),
    "-O3", "--runtime", "stub", "--noAssert", "--uncheckedBehavior", "always",
    "--memoryBase", String(0x200000),
  ];
  process.stderr.write(`hartnet: compiling ${src} → ${out}\n`);
  execFileSync(asc, args, { cwd: root, stdio: "inherit" });
}
