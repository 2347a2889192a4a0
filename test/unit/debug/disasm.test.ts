// The disassembler against GNU objdump (binutils 2.40, Debian's binutils-riscv64-linux-gnu):
//  1. the WHOLE .text of the guest image's busybox (a real riscv64 binary, ~411k instructions),
//     instruction for instruction. With the cross objdump installed the test runs it and counts
//     mismatches; without it, it compares a SHA-256 of our listing with the one recorded from
//     objdump (test/fixtures/debug/busybox-text.objdump.json, which also keeps a readable sample).
//  2. test/fixtures/debug/all-insns.S: every RV64GC instruction and every alias objdump knows,
//     assembled with gas; the objdump listing is committed next to the bytes.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { disassemble, disassembleWord } from "../../../emulator/debug/disasm";
import { SymbolTable, parseSystemMap } from "../../../emulator/debug/symbols";
import { busybox, elfSection, normalizeObjdump, IMAGES } from "./busybox";

const FIXTURES = join(__dirname, "..", "..", "fixtures", "debug");
const REF_FILE = join(FIXTURES, "busybox-text.objdump.json");
const OBJDUMP = "riscv64-linux-gnu-objdump";

interface Reference { objdump: string; instructions: number; sha256: string; sample: string[] }

function haveObjdump(): boolean {
  if (spawnSync(OBJDUMP, ["--version"]).status === 0) return true;
  // The project's scripts may install Debian packages; a failure just means the hash path is used.
  spawnSync(join(__dirname, "..", "..", "..", "scripts", "ensure-apt"), ["binutils-riscv64-linux-gnu"], { stdio: "ignore" });
  return spawnSync(OBJDUMP, ["--version"]).status === 0;
}

function ourListing(bytes: Uint8Array, addr: bigint, symbols?: SymbolTable): string[] {
  return disassemble(bytes, addr, { symbols }).map((l) => `${l.pc.toString(16)}\t${l.text}`);
}

/** Compare two listings line by line; returns the mismatches (first few kept for the message). */
function diff(ours: string[], ref: string[]): { count: number; first: string[] } {
  const first: string[] = [];
  let count = Math.abs(ours.length - ref.length);
  for (let i = 0; i < Math.min(ours.length, ref.length); i++) {
    if (ours[i] !== ref[i]) {
      count++;
      if (first.length < 20) first.push(`objdump: ${ref[i]}\n   ours: ${ours[i]}`);
    }
  }
  return { count, first };
}

describe("disassembler vs objdump", () => {
  it("busybox .text: every instruction matches objdump (documented aliases aside)", () => {
    const elf = busybox();
    const text = elfSection(elf, ".text");
    const ours = ourListing(text.bytes, text.addr);
    const sha = createHash("sha256").update(ours.join("\n")).digest("hex");
    if (haveObjdump()) {
      const dir = mkdtempSync(join(tmpdir(), "hartnet-bb-"));
      const file = join(dir, "busybox");
      writeFileSync(file, elf);
      const r = spawnSync(OBJDUMP, ["-d", "--no-show-raw-insn", "-j", ".text", file], { maxBuffer: 1 << 30, encoding: "utf8" });
      expect(r.status).toBe(0);
      const ref = normalizeObjdump(r.stdout);
      const d = diff(ours, ref);
      expect(d.first.join("\n")).toBe("");
      expect(d.count).toBe(0);
      expect(ours.length).toBe(ref.length);
      const version = spawnSync(OBJDUMP, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0];
      const refSha = createHash("sha256").update(ref.join("\n")).digest("hex");
      if (process.env.UPDATE_FIXTURES || !existsSync(REF_FILE)) {
        const sample = ref.filter((_, i) => i < 64 || i % 4096 === 0);
        writeFileSync(REF_FILE, JSON.stringify({ objdump: version, instructions: ref.length, sha256: refSha, sample } satisfies Reference, null, 1) + "\n");
      }
    }
    const rec = JSON.parse(readFileSync(REF_FILE, "utf8")) as Reference;
    expect(ours.length).toBe(rec.instructions);
    const bySample = new Map(ours.map((l) => [l.split("\t")[0], l]));
    for (const s of rec.sample) expect(bySample.get(s.split("\t")[0])).toBe(s);
    expect(sha).toBe(rec.sha256);
  });

  it("every RV64GC instruction and alias (all-insns.S) matches objdump, with symbols", () => {
    const bin = new Uint8Array(readFileSync(join(FIXTURES, "all-insns.bin")));
    const ref = normalizeObjdump(readFileSync(join(FIXTURES, "all-insns.objdump.txt"), "utf8"));
    const ours = ourListing(bin, 0n, new SymbolTable([{ name: "_start", address: 0n }]));
    // objdump ends with `...` for the trailing zero halfword; we print it as unimp
    expect(ours.at(-1)).toBe("32a\tunimp");
    const d = diff(ours.slice(0, ref.length), ref);
    expect(d.first.join("\n")).toBe("");
    expect(ref.length).toBeGreaterThan(200);
  });
});

describe("disassembler details", () => {
  it("prints kernel addresses as function+offset from System.map", () => {
    const map = parseSystemMap(readFileSync(join(IMAGES, "System.map"), "utf8"));
    expect(map.size).toBeGreaterThan(10000);
    const start = map.address("_start_kernel")!;
    expect(map.lookup(start)).toBe("_start_kernel");
    expect(map.lookup(start + 8n)).toBe("_start_kernel+0x8");
    // jal ra, +0x10 at _start_kernel: the target is named
    const line = disassembleWord(0x010000ef, start, { symbols: map });
    expect(line.text).toBe(`jal\t${(start + 16n).toString(16)} <_start_kernel+0x10>`);
  });

  it("reports an illegal word as data and a truncated 32-bit instruction as .2byte", () => {
    expect(disassembleWord(0xffffffff, 0n).text).toBe(".4byte\t0xffffffff");
    expect(disassemble(new Uint8Array([0x13, 0x05]), 0n)[0].text).toBe(".2byte\t0x513");
  });
});
