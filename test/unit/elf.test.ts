// run-elf refuses files that are not RV64 RISC-V ELF executables with a clear one-line message.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { parseElf, ElfError } from "../../emulator/elf";
import { runElf } from "../../emulator/cli/run-elf";

function elfHeader(opts: { cls?: number; data?: number; machine?: number; type?: number }): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x7f, 0x45, 0x4c, 0x46, opts.cls ?? 2, opts.data ?? 1, 1]);
  const dv = new DataView(b.buffer);
  dv.setUint16(16, opts.type ?? 2, true);
  dv.setUint16(18, opts.machine ?? 243, true);
  return b;
}

describe("ELF loading", () => {
  it("names what is wrong with a file that is not an RV64 ELF", () => {
    const msg = (b: Uint8Array) => {
      try {
        parseElf(b, "f.elf");
      } catch (e) {
        expect(e).toBeInstanceOf(ElfError);
        return (e as Error).message;
      }
      return "parsed";
    };
    expect(msg(new TextEncoder().encode("#!/bin/sh\necho hello\n".padEnd(80)))).toBe("f.elf: not an ELF file (bad magic)");
    expect(msg(elfHeader({ machine: 62 }))).toBe("f.elf: ELF for the wrong machine (e_machine 62; RISC-V is 243)");
    expect(msg(elfHeader({ cls: 1 }))).toMatch(/not a 64-bit ELF/);
    expect(msg(elfHeader({ data: 2 }))).toMatch(/not a little-endian ELF/);
    expect(msg(elfHeader({ type: 1 }))).toMatch(/not an executable/);
    expect(msg(elfHeader({}))).toMatch(/has no program headers/);
    expect(msg(new Uint8Array(10))).toMatch(/too short/);
  });
  it("run-elf reports a host binary as an error, not a crash", async () => {
    const r = await runElf(new Uint8Array(readFileSync(process.execPath).subarray(0, 4096)));
    expect(r.status).toBe("error");
    expect(r.message).toMatch(/wrong machine \(e_machine 62/);
    expect(r.exitCode).not.toBe(0);
  });
});
