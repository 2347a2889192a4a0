// Symbols for user programs: `function+offset` for code a process runs, not only for the kernel.
// The image's static programs are all linked at the same addresses (0x10000…), so a pc alone
// cannot say which program a process runs: each known program carries a fingerprint (the bytes
// at one of its code addresses), and the debugger reads those bytes through the process's satp
// to pick the program whose code is mapped there. Programs come from two places:
//   - the initramfs: every ELF under the usual bin directories that still has a .symtab
//     (none does in the shipped image: guest/build strips them), and
//   - user-programs.generated.ts: the demos' symbols from a byte-identical unstripped rebuild.

import { parseElf } from "../elf";
import { plainInitrd } from "../images";
import { parseSystemMap, symbolsFromElf, type SymbolTable } from "./symbols";
import { SHIPPED_PROGRAM_SYMBOLS } from "./user-programs.generated";

export interface UserProgram {
  path: string;
  symbols: SymbolTable;
  /** Bytes the program has at `va` (its code), to recognise it in a process's memory. */
  fingerprint: { va: bigint; bytes: Uint8Array };
  source: "initramfs" | "shipped map";
}

/** The regular files of a newc cpio archive (name without a leading "./", and the data). */
export function cpioFiles(cpio: Uint8Array): { name: string; data: Uint8Array }[] {
  const dec = new TextDecoder();
  const out: { name: string; data: Uint8Array }[] = [];
  const hexAt = (p: number) => parseInt(dec.decode(cpio.subarray(p, p + 8)), 16);
  let o = 0;
  while (o + 110 <= cpio.length) {
    const magic = dec.decode(cpio.subarray(o, o + 6));
    if (magic !== "070701" && magic !== "070702") throw new Error(`cpio: bad header magic at offset ${o}`);
    const mode = hexAt(o + 14);
    const size = hexAt(o + 54);
    const nameSize = hexAt(o + 94);
    const name = dec.decode(cpio.subarray(o + 110, o + 110 + nameSize - 1)).replace(/^\.\//, "");
    if (name === "TRAILER!!!") break;
    const dataAt = (o + 110 + nameSize + 3) & ~3;
    if ((mode & 0o170000) === 0o100000) out.push({ name, data: cpio.subarray(dataAt, dataAt + size) });
    o = (dataAt + size + 3) & ~3;
  }
  return out;
}

const FINGERPRINT_BYTES = 32;
const PROGRAM_DIRS = /^(usr\/)?(local\/)?s?bin\/|^root\//;

/** Programs in an (uncompressed) initramfs that carry a symbol table. */
export function userProgramsFromInitrd(cpio: Uint8Array): UserProgram[] {
  const out: UserProgram[] = [];
  for (const f of cpioFiles(cpio)) {
    if (!PROGRAM_DIRS.test(f.name) || f.data.length < 64 || f.data[0] !== 0x7f || f.data[1] !== 0x45) continue;
    let elf;
    try {
      elf = parseElf(f.data, f.name);
    } catch {
      continue;
    }
    if (elf.symbols.size === 0) continue;
    const at = elf.symbols.get("main")?.value ?? elf.entry;
    const seg = elf.segments.find((s) => at >= s.vaddr && at + BigInt(FINGERPRINT_BYTES) <= s.vaddr + BigInt(s.data.length));
    if (!seg) continue;
    const off = Number(at - seg.vaddr);
    out.push({
      path: "/" + f.name, symbols: symbolsFromElf(elf.symbols.values()), source: "initramfs",
      fingerprint: { va: at, bytes: seg.data.slice(off, off + FINGERPRINT_BYTES) },
    });
  }
  return out;
}

/** The same from the initramfs file as shipped (gzip or plain cpio). */
export async function userProgramsFromInitrdFile(bytes: Uint8Array): Promise<UserProgram[]> {
  return userProgramsFromInitrd(await plainInitrd(bytes));
}

const hexBytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

let shipped: UserProgram[] | undefined;
/** The demos' symbols shipped with the debugger (see user-programs.generated.ts). */
export function shippedUserPrograms(): UserProgram[] {
  shipped ??= SHIPPED_PROGRAM_SYMBOLS.map((p) => ({
    path: p.path, symbols: parseSystemMap(p.map), source: "shipped map" as const,
    fingerprint: { va: BigInt(p.fingerprint.va), bytes: hexBytes(p.fingerprint.hex) },
  }));
  return shipped;
}

/**
 * The program whose fingerprint bytes are mapped in the address space `read` reads (a process's,
 * through its satp), or undefined (unknown program, or the bytes are not mapped / paged in).
 */
export function identifyUserProgram(programs: UserProgram[], read: (va: bigint, n: number) => (number | null)[]): UserProgram | undefined {
  return programs.find((p) => {
    const got = read(p.fingerprint.va, p.fingerprint.bytes.length);
    return got.every((b, i) => b === p.fingerprint.bytes[i]);
  });
}

/** User addresses are the lower half of Sv39 (bit 38 clear, sign-extended). */
export function isUserAddress(va: bigint): boolean {
  return BigInt.asUintN(64, va) < 1n << 38n;
}
