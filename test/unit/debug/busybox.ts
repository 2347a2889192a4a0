// The guest image's /usr/bin/busybox (a real riscv64 static binary built by Debian), pulled out of
// the committed initramfs with node:zlib and a newc cpio walk, and its .text section.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export const IMAGES = join(__dirname, "..", "..", "..", "public", "images");

/** The bytes of one member of a newc cpio archive, or undefined. */
export function cpioMember(cpio: Uint8Array, wanted: string): Uint8Array | undefined {
  const dec = new TextDecoder();
  let o = 0;
  const hexAt = (p: number) => parseInt(dec.decode(cpio.subarray(p, p + 8)), 16);
  while (o + 110 <= cpio.length) {
    const magic = dec.decode(cpio.subarray(o, o + 6));
    if (magic !== "070701" && magic !== "070702") throw new Error(`bad cpio magic at ${o}`);
    const size = hexAt(o + 54);
    const nameSize = hexAt(o + 94);
    const name = dec.decode(cpio.subarray(o + 110, o + 110 + nameSize - 1));
    const dataAt = (o + 110 + nameSize + 3) & ~3;
    if (name === "TRAILER!!!") return undefined;
    if (name === wanted || name === "./" + wanted) return cpio.subarray(dataAt, dataAt + size);
    o = (dataAt + size + 3) & ~3;
  }
  return undefined;
}

/** A section of an ELF64 file by name: its bytes and address. */
export function elfSection(elf: Uint8Array, name: string): { addr: bigint; bytes: Uint8Array } {
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const shoff = Number(dv.getBigUint64(40, true));
  const shentsize = dv.getUint16(58, true);
  const shnum = dv.getUint16(60, true);
  const shstrndx = dv.getUint16(62, true);
  const strOff = Number(dv.getBigUint64(shoff + shstrndx * shentsize + 24, true));
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    let p = strOff + dv.getUint32(o, true);
    let s = "";
    while (elf[p]) s += String.fromCharCode(elf[p++]);
    if (s !== name) continue;
    const addr = dv.getBigUint64(o + 16, true);
    const off = Number(dv.getBigUint64(o + 24, true));
    const size = Number(dv.getBigUint64(o + 32, true));
    return { addr, bytes: elf.subarray(off, off + size) };
  }
  throw new Error(`no section ${name}`);
}

let cached: Uint8Array | undefined;
/** /usr/bin/busybox from public/images/initrd.cpio.gz. */
export function busybox(): Uint8Array {
  if (cached) return cached;
  const cpio = gunzipSync(readFileSync(join(IMAGES, "initrd.cpio.gz")));
  const bb = cpioMember(new Uint8Array(cpio.buffer, cpio.byteOffset, cpio.byteLength), "usr/bin/busybox");
  if (!bb) throw new Error("no usr/bin/busybox in the initramfs");
  cached = bb.slice();
  return cached;
}

/**
 * Where our disassembler deliberately spells an instruction differently from binutils 2.40's
 * objdump. Each is a documented alias, applied to objdump's text before comparing:
 *  - `fence w,0` is the Zihintpause hint PAUSE; objdump (without zihintpause in its default
 *    -march) prints it as `fence w,unknown`.
 */
export const OBJDUMP_ALIASES: [RegExp, string][] = [[/^fence\tw,unknown$/, "pause"]];

/**
 * objdump -d --no-show-raw-insn output → one `pc<TAB>text` line per instruction: the computed-address
 * comments (`# 0x1234`) dropped and the documented aliases applied.
 */
export function normalizeObjdump(listing: string): string[] {
  const out: string[] = [];
  for (const line of listing.split("\n")) {
    const m = /^\s+([0-9a-f]+):\t(.*)$/.exec(line);
    if (!m) continue;
    let text = m[2].replace(/\s+#.*$/, "").trimEnd();
    for (const [re, to] of OBJDUMP_ALIASES) if (re.test(text)) text = to;
    out.push(`${m[1]}\t${text}`);
  }
  return out;
}
