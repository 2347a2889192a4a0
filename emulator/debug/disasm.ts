// The disassembler: table-driven (isa-table.ts, the same table the decode test checks against the
// hart), printing GNU objdump's syntax (binutils 2.40, the Debian riscv64 cross objdump):
// ABI register names, objdump's preferred aliases and pseudo-instructions (li, mv, ret, beqz, csrr,
// frrm, fmv.d, sext.w, ...), CSR names, rounding modes shown only when not the default, and branch
// targets as absolute addresses, optionally followed by `<function+0x off>` from a symbol table.

import { decodeInsn, BASE_ENTRY, type Decoded, type Fields, type Operand } from "./isa-table";
import type { SymbolTable } from "./symbols";

export const X_ABI = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
  "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
];
export const F_ABI = [
  "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
  "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
];
export const RM_NAMES = ["rne", "rtz", "rdn", "rup", "rmm", "0x5", "0x6", "dyn"];

/** CSR names as objdump prints them (binutils' riscv-opc.h DECLARE_CSR list, the ones an RV64GC+S/H/V system has). */
export const CSR_NAMES: Record<number, string> = (() => {
  const n: Record<number, string> = {
    0x001: "fflags", 0x002: "frm", 0x003: "fcsr",
    0x008: "vstart", 0x009: "vxsat", 0x00a: "vxrm", 0x00f: "vcsr", 0x015: "seed",
    0xc00: "cycle", 0xc01: "time", 0xc02: "instret", 0xc20: "vl", 0xc21: "vtype", 0xc22: "vlenb",
    0x100: "sstatus", 0x104: "sie", 0x105: "stvec", 0x106: "scounteren", 0x10a: "senvcfg",
    0x140: "sscratch", 0x141: "sepc", 0x142: "scause", 0x143: "stval", 0x144: "sip", 0x14d: "stimecmp", 0x180: "satp",
    0x5a8: "scontext",
    0x600: "hstatus", 0x602: "hedeleg", 0x603: "hideleg", 0x604: "hie", 0x606: "hcounteren", 0x607: "hgeie",
    0x643: "htval", 0x644: "hip", 0x645: "hvip", 0x64a: "htinst", 0xe12: "hgeip", 0x60a: "henvcfg", 0x680: "hgatp",
    0x200: "vsstatus", 0x204: "vsie", 0x205: "vstvec", 0x240: "vsscratch", 0x241: "vsepc", 0x242: "vscause",
    0x243: "vstval", 0x244: "vsip", 0x280: "vsatp",
    0xf11: "mvendorid", 0xf12: "marchid", 0xf13: "mimpid", 0xf14: "mhartid", 0xf15: "mconfigptr",
    0x300: "mstatus", 0x301: "misa", 0x302: "medeleg", 0x303: "mideleg", 0x304: "mie", 0x305: "mtvec",
    0x306: "mcounteren", 0x30a: "menvcfg", 0x310: "mstatush", 0x31a: "menvcfgh", 0x320: "mcountinhibit",
    0x340: "mscratch", 0x341: "mepc", 0x342: "mcause", 0x343: "mtval", 0x344: "mip", 0x34a: "mtinst", 0x34b: "mtval2",
    0x747: "mseccfg", 0xb00: "mcycle", 0xb02: "minstret",
    0x7a0: "tselect", 0x7a1: "tdata1", 0x7a2: "tdata2", 0x7a3: "tdata3", 0x7a4: "tinfo", 0x7a5: "tcontrol", 0x7a8: "mcontext",
    0x7b0: "dcsr", 0x7b1: "dpc", 0x7b2: "dscratch0", 0x7b3: "dscratch1",
  };
  for (let i = 3; i <= 31; i++) {
    n[0xc00 + i] = `hpmcounter${i}`;
    n[0xb00 + i] = `mhpmcounter${i}`;
    n[0x320 + i] = `mhpmevent${i}`;
  }
  for (let i = 0; i < 16; i += 2) n[0x3a0 + i] = `pmpcfg${i}`;
  for (let i = 0; i < 64; i++) n[0x3b0 + i] = `pmpaddr${i}`;
  return n;
})();

export interface DisasmLine {
  pc: bigint;
  length: 2 | 4;
  /** The instruction bits (16 or 32). */
  raw: number;
  mnemonic: string;
  operands: string;
  /** `mnemonic<TAB>operands`, as objdump prints it (without the address and raw bytes). */
  text: string;
  /** The table entry's name (e.g. "c.addi"), or undefined for an illegal word. */
  insn?: string;
  /** For a branch or jump: its target. */
  target?: bigint;
}

export interface DisasmOptions {
  symbols?: SymbolTable;
}

const hex = (n: number | bigint) => "0x" + (typeof n === "bigint" ? n.toString(16) : (n >>> 0).toString(16));
const MASK64 = (1n << 64n) - 1n;

/** `pred`/`succ` of a fence as objdump spells them: letters of i o r w, or 0. */
function fenceSet(x: number): string {
  const s = (x & 8 ? "i" : "") + (x & 4 ? "o" : "") + (x & 2 ? "r" : "") + (x & 1 ? "w" : "");
  return s || "0";
}

/** A choice of name and operand list for one decoded instruction (an alias or the plain form). */
interface Spelling {
  name: string;
  operands: Operand[];
}

const S = (name: string, ...operands: Operand[]): Spelling => ({ name, operands });

/**
 * objdump's preferred spelling of a base instruction with these fields (riscv-opc.c lists the
 * INSN_ALIAS entries first, so the first alias whose mask matches wins). Undefined = the plain form.
 */
function alias(name: string, f: Fields): Spelling | undefined {
  switch (name) {
    case "addi":
      if (f.rd === 0 && f.rs1 === 0 && f.imm === 0) return S("nop");
      if (f.rs1 === 0) return S("li", "rd", "imm");
      if (f.imm === 0) return S("mv", "rd", "rs1");
      return S("add", "rd", "rs1", "imm");
    case "addiw": return f.imm === 0 ? S("sext.w", "rd", "rs1") : S("addw", "rd", "rs1", "imm");
    case "andi": return f.imm === 255 ? S("zext.b", "rd", "rs1") : S("and", "rd", "rs1", "imm");
    case "xori": return f.imm === -1 ? S("not", "rd", "rs1") : S("xor", "rd", "rs1", "imm");
    case "ori": return S("or", "rd", "rs1", "imm");
    case "slli": return S("sll", "rd", "rs1", "shamt");
    case "srli": return S("srl", "rd", "rs1", "shamt");
    case "srai": return S("sra", "rd", "rs1", "shamt");
    case "slliw": return S("sllw", "rd", "rs1", "shamt");
    case "srliw": return S("srlw", "rd", "rs1", "shamt");
    case "sraiw": return S("sraw", "rd", "rs1", "shamt");
    case "sltiu": return f.imm === 1 ? S("seqz", "rd", "rs1") : undefined;
    case "sub": return f.rs1 === 0 ? S("neg", "rd", "rs2") : undefined;
    case "subw": return f.rs1 === 0 ? S("negw", "rd", "rs2") : undefined;
    case "sltu": return f.rs1 === 0 ? S("snez", "rd", "rs2") : undefined;
    case "slt":
      if (f.rs2 === 0) return S("sltz", "rd", "rs1");
      if (f.rs1 === 0) return S("sgtz", "rd", "rs2");
      return undefined;
    case "beq": return f.rs2 === 0 ? S("beqz", "rs1", "target") : undefined;
    case "bne": return f.rs2 === 0 ? S("bnez", "rs1", "target") : undefined;
    case "bge":
      if (f.rs1 === 0) return S("blez", "rs2", "target");
      if (f.rs2 === 0) return S("bgez", "rs1", "target");
      return undefined;
    case "blt":
      if (f.rs2 === 0) return S("bltz", "rs1", "target");
      if (f.rs1 === 0) return S("bgtz", "rs2", "target");
      return undefined;
    case "jal":
      if (f.rd === 0) return S("j", "target");
      if (f.rd === 1) return S("jal", "target");
      return undefined;
    case "jalr":
      if (f.rd === 0 && f.rs1 === 1 && f.imm === 0) return S("ret");
      if (f.rd === 0) return f.imm === 0 ? S("jr", "rs1") : S("jr", "mem");
      if (f.rd === 1) return f.imm === 0 ? S("jalr", "rs1") : S("jalr", "mem");
      return f.imm === 0 ? S("jalr", "rd", "rs1") : undefined;
    case "csrrs":
      if (f.rs1 === 0) {
        const r = ({ 0x003: "frcsr", 0x002: "frrm", 0x001: "frflags", 0xc00: "rdcycle", 0xc01: "rdtime", 0xc02: "rdinstret" } as Record<number, string>)[f.csr];
        return r ? S(r, "rd") : S("csrr", "rd", "csr");
      }
      return f.rd === 0 ? S("csrs", "csr", "rs1") : undefined;
    case "csrrw": {
      if (f.rd === 0 && f.rs1 === 0 && f.csr === 0xc00) return S("unimp");
      const r = ({ 0x003: "fscsr", 0x002: "fsrm", 0x001: "fsflags" } as Record<number, string>)[f.csr];
      if (r) return f.rd === 0 ? S(r, "rs1") : S(r, "rd", "rs1");
      return f.rd === 0 ? S("csrw", "csr", "rs1") : undefined;
    }
    case "csrrc": return f.rd === 0 ? S("csrc", "csr", "rs1") : undefined;
    case "csrrwi": {
      const r = ({ 0x002: "fsrmi", 0x001: "fsflagsi" } as Record<number, string>)[f.csr];
      if (r) return S(r, "rd", "zimm");
      return f.rd === 0 ? S("csrw", "csr", "zimm") : S("csrrw", "rd", "csr", "zimm");
    }
    // objdump spells the immediate forms like the register ones: csrs fflags,16 and csrrs a0,mie,1
    case "csrrsi": return f.rd === 0 ? S("csrs", "csr", "zimm") : S("csrrs", "rd", "csr", "zimm");
    case "csrrci": return f.rd === 0 ? S("csrc", "csr", "zimm") : S("csrrc", "rd", "csr", "zimm");
    case "fence":
      if (f.fm === 8 && f.pred === 3 && f.succ === 3) return S("fence.tso");
      if (f.fm === 0 && f.pred === 1 && f.succ === 0 && f.rd === 0 && f.rs1 === 0) return S("pause");
      if (f.pred === 15 && f.succ === 15) return S("fence");
      return undefined;
    case "sfence.vma":
      if (f.rs2 === 0) return f.rs1 === 0 ? S("sfence.vma") : S("sfence.vma", "rs1");
      return undefined;
    case "fsgnj.s": case "fsgnj.d": case "fsgnjn.s": case "fsgnjn.d": case "fsgnjx.s": case "fsgnjx.d": {
      if (f.rs1 !== f.rs2) return undefined;
      const kind = name.slice(5, -2);
      const p = kind === "" ? "fmv" : kind === "n" ? "fneg" : "fabs";
      return S(`${p}.${name.slice(-1)}`, "frd", "frs1");
    }
  }
  return undefined;
}

function amoSuffix(f: Fields): string {
  return f.aq && f.rl ? ".aqrl" : f.aq ? ".aq" : f.rl ? ".rl" : "";
}

/** Disassemble one decoded instruction at `pc`. */
export function formatInsn(d: Decoded, pc: bigint, opts: DisasmOptions = {}): DisasmLine {
  const { entry, fields: f } = d;
  const baseName = entry.expands ?? entry.name;
  const baseEntry = entry.expands ? BASE_ENTRY[entry.expands] : entry;
  let spelling: Spelling;
  if (entry.name === "c.unimp") spelling = S("unimp");
  else if (entry.print) spelling = { name: entry.print.name, operands: entry.print.operands };
  else spelling = alias(baseName, f) ?? { name: baseName, operands: baseEntry.format.operands };
  let name = spelling.name;
  if (baseEntry.ext === "A") name += amoSuffix(f);
  let target: bigint | undefined;
  const ops: string[] = [];
  for (const o of spelling.operands) {
    switch (o) {
      case "rd": ops.push(X_ABI[f.rd]); break;
      case "rs1": ops.push(X_ABI[f.rs1]); break;
      case "rs2": ops.push(X_ABI[f.rs2]); break;
      case "frd": ops.push(F_ABI[f.rd]); break;
      case "frs1": ops.push(F_ABI[f.rs1]); break;
      case "frs2": ops.push(F_ABI[f.rs2]); break;
      case "frs3": ops.push(F_ABI[f.rs3]); break;
      case "imm": ops.push(String(f.imm)); break;
      case "shamt": ops.push(hex(f.imm)); break;
      case "uimm20": ops.push(hex((f.imm >>> 12) & 0xfffff)); break;
      case "zimm": ops.push(String(f.rs1)); break;
      case "mem": ops.push(`${f.imm}(${X_ABI[f.rs1]})`); break;
      case "amoaddr": ops.push(`(${X_ABI[f.rs1]})`); break;
      case "csr": ops.push(CSR_NAMES[f.csr] ?? hex(f.csr)); break;
      case "pred": ops.push(fenceSet(f.pred)); break;
      case "succ": ops.push(fenceSet(f.succ)); break;
      case "rm": if (f.rm !== (baseEntry.rmDefault ?? 7)) ops.push(RM_NAMES[f.rm]); break;
      case "target": {
        target = (pc + BigInt(f.imm)) & MASK64;
        const sym = opts.symbols?.lookup(target);
        // objdump: `0x1234` without symbols, `1234 <name+0x10>` with one
        ops.push(sym ? `${target.toString(16)} <${sym}>` : hex(target));
        break;
      }
    }
  }
  const operands = ops.join(",");
  return { pc, length: d.length, raw: d.raw, mnemonic: name, operands, text: operands ? `${name}\t${operands}` : name, insn: entry.name, target };
}

/** Disassemble the instruction whose bits are `raw` (32 bits; the low 16 for a compressed one). */
export function disassembleWord(raw: number, pc: bigint, opts: DisasmOptions = {}): DisasmLine {
  const d = decodeInsn(raw);
  if (d) return formatInsn(d, pc, opts);
  const length = (raw & 3) === 3 ? 4 : 2;
  const bitsOf = length === 2 ? raw & 0xffff : raw >>> 0;
  const mnemonic = length === 2 ? ".2byte" : ".4byte";
  return { pc, length, raw: bitsOf, mnemonic, operands: hex(bitsOf), text: `${mnemonic}\t${hex(bitsOf)}` };
}

/**
 * Disassemble `bytes` (loaded at `pc`) linearly, as objdump -d does. A trailing half instruction is
 * reported as `.2byte`.
 */
export function disassemble(bytes: Uint8Array, pc: bigint, opts: DisasmOptions = {}): DisasmLine[] {
  const out: DisasmLine[] = [];
  let i = 0;
  while (i + 2 <= bytes.length) {
    const lo = bytes[i] | (bytes[i + 1] << 8);
    let raw = lo;
    if ((lo & 3) === 3) {
      if (i + 4 > bytes.length) {
        out.push({ pc: pc + BigInt(i), length: 2, raw: lo, mnemonic: ".2byte", operands: hex(lo), text: `.2byte\t${hex(lo)}` });
        break;
      }
      raw = (lo | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0;
    }
    const line = disassembleWord(raw, pc + BigInt(i), opts);
    out.push(line);
    i += line.length;
  }
  return out;
}
