// Symbol tables for the disassembler and the CPU view: address → `function+0xoffset`, from the
// kernel's System.map (shipped with the image, manifest.json `systemMap`) or an ELF's symtab.

import type { ElfSymbol } from "../elf";

export interface SymbolEntry {
  name: string;
  address: bigint;
}

const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_NOTYPE = 0;

export class SymbolTable {
  /** Sorted by address. */
  readonly entries: SymbolEntry[];

  constructor(entries: SymbolEntry[]) {
    this.entries = [...entries].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }

  /**
   * The symbol at or below `addr`, as objdump prints it: `name` or `name+0x1c`. Undefined below the
   * first symbol or more than `maxOffset` bytes past the nearest one (default 1 MiB).
   */
  lookup(addr: bigint, maxOffset = 1n << 20n): string | undefined {
    const s = this.nearest(addr);
    if (!s) return undefined;
    const off = addr - s.address;
    if (off > maxOffset) return undefined;
    return off === 0n ? s.name : `${s.name}+0x${off.toString(16)}`;
  }

  /** The last symbol whose address is ≤ addr (binary search). */
  nearest(addr: bigint): SymbolEntry | undefined {
    let lo = 0;
    let hi = this.entries.length - 1;
    let best: SymbolEntry | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].address <= addr) {
        best = this.entries[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  /** The address of a symbol by name (first match). */
  address(name: string): bigint | undefined {
    return this.entries.find((e) => e.name === name)?.address;
  }

  get size(): number {
    return this.entries.length;
  }
}

/**
 * Parse a System.map: lines of `<hex address> <type letter> <name>`. Code symbols (t/T, w/W) and
 * data (d/D, b/B, r/R) are kept; absolute (a/A) and others are skipped since they are not places.
 */
export function parseSystemMap(text: string): SymbolTable {
  const entries: SymbolEntry[] = [];
  for (const line of text.split("\n")) {
    const m = /^([0-9a-fA-F]+)\s+([A-Za-z])\s+(\S+)/.exec(line);
    if (!m) continue;
    if (!/[tTwWdDbBrR]/.test(m[2])) continue;
    entries.push({ name: m[3], address: BigInt("0x" + m[1]) });
  }
  return new SymbolTable(entries);
}

/** Build a table from an ELF's symbols (functions, objects and untyped labels; not section/file symbols). */
export function symbolsFromElf(symbols: Iterable<ElfSymbol>): SymbolTable {
  const entries: SymbolEntry[] = [];
  for (const s of symbols) {
    if ((s.type === STT_FUNC || s.type === STT_OBJECT || s.type === STT_NOTYPE) && s.value !== 0n && !s.name.startsWith("$")) {
      entries.push({ name: s.name, address: s.value });
    }
  }
  return new SymbolTable(entries);
}
