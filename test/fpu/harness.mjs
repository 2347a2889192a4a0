// Loads wasm/build/fpu-harness.wasm (built by scripts/build-wasm.mjs) and runs batches of the
// 32-byte input records of test/fpu/gen.mjs, returning the 16-byte output records that
// test/fpu/oracle.c produces under QEMU for the same input.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function loadHarness() {
  const bytes = readFileSync(join(root, "wasm/build/fpu-harness.wasm"));
  const env = {
    mmioRead: () => 0,
    mmioWrite: () => {},
    abort: () => { throw new Error("fpu harness: abort"); },
  };
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env });
  const BATCH = 1 << 14;
  const base = exports.buffer(BATCH * 48);
  /** Run the records in `input` (a Buffer/Uint8Array, 32 bytes each); returns a Buffer of 16-byte results. */
  function run(input, fn = exports.run) {
    const n = input.length / 32;
    const out = Buffer.alloc(n * 16);
    for (let i = 0; i < n; i += BATCH) {
      const m = Math.min(BATCH, n - i);
      const mem = new Uint8Array(exports.memory.buffer);
      mem.set(input.subarray(i * 32, (i + m) * 32), base);
      fn(base, base + BATCH * 32, m);
      out.set(new Uint8Array(exports.memory.buffer, base + BATCH * 32, m * 16), i * 16);
    }
    return out;
  }
  /** The same records through the exact soft-float path only (RNE add/sub/mul/div/sqrt). */
  const runSoft = (input) => run(input, exports.runSoft);
  return { run, runSoft, exports };
}
