// A small ELF64 reader: enough to load a bare-metal RISC-V program and find its symbols.
// Checks what it relies on and says clearly what is wrong with a file it cannot use.

export interface ElfSegment {
  paddr: bigint;
  vaddr: bigint;
  data: Uint8Array;   // the file bytes (filesz)
  memSize: bigint;    // memsz: the tail beyond data is zero-filled
  flags: number;
}
export interface ElfSymbol {
  name: string;
  value: bigint;
  size: bigint;
  type: number;       // STT_*
}
export interface ElfImage {
  entry: bigint;
  segments: ElfSegment[];
  symbols: Map<string, ElfSymbol>;
}

const EM_RISCV = 243;
const PT_LOAD = 1;
const SHT_SYMTAB = 2;

export class ElfError extends Error {}

/** Parse `bytes` as a 64-bit little-endian RISC-V ELF executable. `what` names the file in errors. */
export function parseElf(bytes: Uint8Array, what = "file"): ElfImage {
  const fail = (msg: string): never => {
    throw new ElfError(`${what}: ${msg}`);
  };
  if (bytes.length < 64) fail(`too short to be an ELF file (${bytes.length} bytes)`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) fail("not an ELF file (bad magic)");
  if (bytes[4] !== 2) fail("not a 64-bit ELF (ELFCLASS32): hartnet runs RV64 programs");
  if (bytes[5] !== 1) fail("not a little-endian ELF");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const machine = dv.getUint16(18, true);
  if (machine !== EM_RISCV) fail(`ELF for the wrong machine (e_machine ${machine}; RISC-V is ${EM_RISCV})`);
  const type = dv.getUint16(16, true);
  if (type !== 2 && type !== 3) fail(`not an executable (e_type ${type})`);
  const entry = dv.getBigUint64(24, true);
  const phoff = Number(dv.getBigUint64(32, true));
  const shoff = Number(dv.getBigUint64(40, true));
  const phentsize = dv.getUint16(54, true);
  const phnum = dv.getUint16(56, true);
  const shentsize = dv.getUint16(58, true);
  const shnum = dv.getUint16(60, true);
  if (phnum === 0) fail("has no program headers");
  if (phentsize < 56 || phoff + phnum * phentsize > bytes.length) fail("program headers lie outside the file (truncated?)");

  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (dv.getUint32(o, true) !== PT_LOAD) continue;
    const offset = Number(dv.getBigUint64(o + 8, true));
    const vaddr = dv.getBigUint64(o + 16, true);
    const paddr = dv.getBigUint64(o + 24, true);
    const filesz = Number(dv.getBigUint64(o + 32, true));
    const memsz = dv.getBigUint64(o + 40, true);
    if (offset + filesz > bytes.length) fail(`segment ${i} lies outside the file (truncated?)`);
    if (BigInt(filesz) > memsz) fail(`segment ${i} has filesz > memsz`);
    segments.push({ paddr, vaddr, data: bytes.subarray(offset, offset + filesz), memSize: memsz, flags: dv.getUint32(o + 4, true) });
  }
  if (segments.length === 0) fail("has no loadable segments");

  const symbols = new Map<string, ElfSymbol>();
  if (shoff !== 0 && shnum !== 0 && shentsize >= 64 && shoff + shnum * shentsize <= bytes.length) {
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * shentsize;
      if (dv.getUint32(o + 4, true) !== SHT_SYMTAB) continue;
      const symOff = Number(dv.getBigUint64(o + 24, true));
      const symSize = Number(dv.getBigUint64(o + 32, true));
      const link = dv.getUint32(o + 40, true);
      const entSize = Number(dv.getBigUint64(o + 56, true)) || 24;
      const so = shoff + link * shentsize;
      if (link >= shnum) continue;
      const strOff = Number(dv.getBigUint64(so + 24, true));
      const strSize = Number(dv.getBigUint64(so + 32, true));
      if (symOff + symSize > bytes.length || strOff + strSize > bytes.length) continue;
      for (let s = symOff; s + entSize <= symOff + symSize; s += entSize) {
        const nameOff = dv.getUint32(s, true);
        if (nameOff === 0 || nameOff >= strSize) continue;
        let end = strOff + nameOff;
        while (end < strOff + strSize && bytes[end] !== 0) end++;
        const name = new TextDecoder().decode(bytes.subarray(strOff + nameOff, end));
        symbols.set(name, { name, value: dv.getBigUint64(s + 8, true), size: dv.getBigUint64(s + 16, true), type: bytes[s + 4] & 0xf });
      }
    }
  }
  return { entry, segments, symbols };
}
