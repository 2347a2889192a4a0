// User-program symbols: the demos' shipped symbol maps belong to the image's binaries (same sha256,
// fingerprint bytes equal to the file's code), the newc reader finds them, and the image's own
// binaries carry no .symtab (guest/build strips them), which is why the maps are shipped.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseElf } from "../../../emulator/elf";
import { cpioFiles, shippedUserPrograms, userProgramsFromInitrd, identifyUserProgram, isUserAddress } from "../../../emulator/debug/user-symbols";
import { SHIPPED_PROGRAM_SYMBOLS } from "../../../emulator/debug/user-programs.generated";
import { IMAGES } from "./busybox";

const gz = gunzipSync(readFileSync(join(IMAGES, "initrd.cpio.gz")));
const cpio = new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
const files = new Map(cpioFiles(cpio).map((f) => [f.name, f.data]));

describe("user-program symbols", () => {
  it("ships maps whose binaries are byte-for-byte the initramfs's /usr/bin/server and client", () => {
    expect(SHIPPED_PROGRAM_SYMBOLS.map((p) => p.path)).toEqual(["/usr/bin/server", "/usr/bin/client"]);
    for (const p of SHIPPED_PROGRAM_SYMBOLS) {
      const bin = files.get(p.path.slice(1))!;
      expect(bin).toBeDefined();
      expect(createHash("sha256").update(bin).digest("hex")).toBe(p.sha256);
      // the fingerprint is the file's code at main
      const elf = parseElf(bin, p.path);
      const va = BigInt(p.fingerprint.va);
      const seg = elf.segments.find((s) => va >= s.vaddr && va < s.vaddr + BigInt(s.data.length))!;
      const off = Number(va - seg.vaddr);
      expect(Buffer.from(seg.data.subarray(off, off + 32)).toString("hex")).toBe(p.fingerprint.hex);
    }
  });

  it("names the demos' functions, and tells the programs apart by the bytes mapped at the fingerprint", () => {
    const [server, client] = shippedUserPrograms();
    expect(server.symbols.lookup(server.fingerprint.va)).toBe("main");
    expect(server.symbols.lookup(server.fingerprint.va + 6n)).toBe("main+0x6");
    expect(client.symbols.address("main")).toBe(client.fingerprint.va);
    const readFrom = (path: string) => {
      const elf = parseElf(files.get(path)!, path);
      return (va: bigint, n: number) => {
        const s = elf.segments.find((x) => va >= x.vaddr && va + BigInt(n) <= x.vaddr + BigInt(x.data.length));
        return s ? Array.from(s.data.subarray(Number(va - s.vaddr), Number(va - s.vaddr) + n)) : new Array(n).fill(null);
      };
    };
    expect(identifyUserProgram(shippedUserPrograms(), readFrom("usr/bin/server"))?.path).toBe("/usr/bin/server");
    expect(identifyUserProgram(shippedUserPrograms(), readFrom("usr/bin/client"))?.path).toBe("/usr/bin/client");
    expect(identifyUserProgram(shippedUserPrograms(), readFrom("usr/bin/busybox"))).toBeUndefined();
    expect(isUserAddress(0x1052an)).toBe(true);
    expect(isUserAddress(0xffffffff80000000n)).toBe(false);
  });

  it("finds no unstripped program in the shipped initramfs (the maps stand in for them)", () => {
    expect(files.has("usr/bin/busybox")).toBe(true);
    expect(userProgramsFromInitrd(cpio)).toEqual([]);
  });
});
