// The RV64GC instruction table: ONE declarative list of every instruction the hart implements,
// written the way QEMU's insn32.decode / insn16.decode are: a name, the bits that must match
// (mask/match), a format saying where the operands lie, and the hart's decoded op id
// (wasm/shared/ops.ts). The disassembler (disasm.ts) and the decode test
// (test/unit/debug/decode-table.test.ts, which checks the hart's wasm decoder against this table)
// both read it, so the debugger and the core cannot silently disagree.
//
// Compressed instructions name the base instruction they expand to (`expands`); their format
// extracts the EXPANDED operands (c.addi rd,imm → addi rd,rd,imm), so the disassembler prints
// them with the base instruction's operand list.
//
//  32-bit formats (bit 31 on the left):
//   R   | funct7 | rs2 | rs1 | f3 | rd | opcode |
//   I   | imm[11:0]    | rs1 | f3 | rd | opcode |
//   S   | imm[11:5] | rs2 | rs1 | f3 | imm[4:0] | opcode |
//   B   | imm[12|10:5] | rs2 | rs1 | f3 | imm[4:1|11] | opcode |
//   U   | imm[31:12]                  | rd | opcode |
//   J   | imm[20|10:1|11|19:12]       | rd | opcode |
//   R4  | rs3 | fmt | rs2 | rs1 | rm | rd | opcode |

import * as O from "../../wasm/shared/ops";

/** The operands of one instruction, after expansion of a compressed form. */
export interface Fields {
  rd: number;
  rs1: number;
  rs2: number;
  rs3: number;
  /** Immediate (sign-extended where the format says so); for U-type the value already shifted << 12. */
  imm: number;
  rm: number;
  csr: number;
  aq: boolean;
  rl: boolean;
  pred: number;
  succ: number;
  fm: number;
}

/** Operand tokens: how an operand is printed (objdump order). `f` prefix = a floating-point register. */
export type Operand =
  | "rd" | "rs1" | "rs2" | "frd" | "frs1" | "frs2" | "frs3"
  | "imm" | "shamt" | "uimm20" | "target" | "mem" | "amoaddr" | "csr" | "zimm" | "rm" | "pred" | "succ";

export interface Format {
  extract(raw: number): Fields;
  operands: Operand[];
}

export interface InsnEntry {
  name: string;
  mask: number;
  match: number;
  /** 2 or 4 bytes. */
  length: 2 | 4;
  format: Format;
  /** The hart's decoded op id (OP_FLOAT for every F/D instruction, OP_ILLEGAL for defined-illegal words). */
  op: number;
  ext: "I" | "M" | "A" | "F" | "D" | "C" | "Zicsr" | "Zifencei" | "Priv";
  /** For a compressed form: the base instruction it expands to. */
  expands?: string;
  /** Extra condition on the fields (reserved or hint encodings excluded); the entry matches only when true. */
  when?: (f: Fields, raw: number) => boolean;
  /** For a compressed form that objdump prints under its own name and operands (c.mv → mv rd,rs2). */
  print?: { name: string; operands: Operand[] };
  /** The instruction has a rounding-mode field; objdump omits it when it equals this value. */
  rmDefault?: number;
}

// ---- bit fields -------------------------------------------------------------------------------

const bits = (x: number, hi: number, lo: number): number => (x >>> lo) & ((1 << (hi - lo + 1)) - 1) >>> 0;
const sext = (x: number, width: number): number => (x << (32 - width)) >> (32 - width);

function base(raw: number): Fields {
  return {
    rd: bits(raw, 11, 7), rs1: bits(raw, 19, 15), rs2: bits(raw, 24, 20), rs3: bits(raw, 31, 27), imm: 0,
    rm: bits(raw, 14, 12), csr: bits(raw, 31, 20), aq: bits(raw, 26, 26) === 1, rl: bits(raw, 25, 25) === 1,
    pred: bits(raw, 27, 24), succ: bits(raw, 23, 20), fm: bits(raw, 31, 28),
  };
}
const immI = (i: number) => i >> 20;
const immS = (i: number) => ((i >> 25) << 5) | bits(i, 11, 7);
const immB = (i: number) => sext((bits(i, 31, 31) << 12) | (bits(i, 7, 7) << 11) | (bits(i, 30, 25) << 5) | (bits(i, 11, 8) << 1), 13);
const immU = (i: number) => (i & 0xfffff000) | 0;
const immJ = (i: number) => sext((bits(i, 31, 31) << 20) | (bits(i, 19, 12) << 12) | (bits(i, 20, 20) << 11) | (bits(i, 30, 21) << 1), 21);

function fmt(operands: Operand[], imm?: (raw: number) => number): Format {
  return { operands, extract: (raw) => { const f = base(raw); if (imm) f.imm = imm(raw); return f; } };
}

// 32-bit formats
const R = fmt(["rd", "rs1", "rs2"]);
const I = fmt(["rd", "rs1", "imm"], immI);
const SH6 = fmt(["rd", "rs1", "shamt"], (i) => bits(i, 25, 20));
const SH5 = fmt(["rd", "rs1", "shamt"], (i) => bits(i, 24, 20));
const LOAD = fmt(["rd", "mem"], immI);
const STORE = fmt(["rs2", "mem"], immS);
const B = fmt(["rs1", "rs2", "target"], immB);
const U = fmt(["rd", "uimm20"], immU);
const J = fmt(["rd", "target"], immJ);
const JALR = fmt(["rd", "mem"], immI);
const CSR = fmt(["rd", "csr", "rs1"]);
const CSRI = fmt(["rd", "csr", "zimm"]);
const NONE = fmt([]);
const FENCE = fmt(["pred", "succ"]);
const SFENCE = fmt(["rs1", "rs2"]);
const AMO = fmt(["rd", "rs2", "amoaddr"]);
const LR = fmt(["rd", "amoaddr"]);
const FLOAD = fmt(["frd", "mem"], immI);
const FSTORE = fmt(["frs2", "mem"], immS);
const F_RRR_RM = fmt(["frd", "frs1", "frs2", "rm"]);
const F_RRR = fmt(["frd", "frs1", "frs2"]);
const F_R4 = fmt(["frd", "frs1", "frs2", "frs3", "rm"]);
const F_RR_RM = fmt(["frd", "frs1", "rm"]);          // fsqrt, fcvt.s.d
const F_XF_RM = fmt(["rd", "frs1", "rm"]);           // fcvt.w.s
const F_FX_RM = fmt(["frd", "rs1", "rm"]);           // fcvt.s.w
const F_XF = fmt(["rd", "frs1"]);                    // fmv.x.w, fclass
const F_FX = fmt(["frd", "rs1"]);                    // fmv.w.x
const F_CMP = fmt(["rd", "frs1", "frs2"]);           // feq

// ---- compressed formats ---------------------------------------------------------------------
// Each returns the expanded operands. rd'/rs1'/rs2' (3 bits) name x8..x15.

const cr = (x: number) => 8 + (x & 7);
function cfmt(operands: Operand[], fill: (c: number, f: Fields) => void): Format {
  return {
    operands,
    extract: (c) => {
      const f: Fields = { rd: 0, rs1: 0, rs2: 0, rs3: 0, imm: 0, rm: 0, csr: 0, aq: false, rl: false, pred: 0, succ: 0, fm: 0 };
      fill(c, f);
      return f;
    },
  };
}
const ciImm = (c: number) => sext((bits(c, 12, 12) << 5) | bits(c, 6, 2), 6);
const cShamt = (c: number) => (bits(c, 12, 12) << 5) | bits(c, 6, 2);
const offLw = (c: number) => (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);
const offLd = (c: number) => (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
const offLwsp = (c: number) => (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
const offLdsp = (c: number) => (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
const offSwsp = (c: number) => (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
const offSdsp = (c: number) => (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
const offJ = (c: number) => sext((bits(c, 12, 12) << 11) | (bits(c, 8, 8) << 10) | (bits(c, 10, 9) << 8) | (bits(c, 6, 6) << 7) |
  (bits(c, 7, 7) << 6) | (bits(c, 2, 2) << 5) | (bits(c, 11, 11) << 4) | (bits(c, 5, 3) << 1), 12);
const offB = (c: number) => sext((bits(c, 12, 12) << 8) | (bits(c, 6, 5) << 6) | (bits(c, 2, 2) << 5) | (bits(c, 11, 10) << 3) | (bits(c, 4, 3) << 1), 9);
const nzuimm4spn = (c: number) => (bits(c, 10, 7) << 6) | (bits(c, 12, 11) << 4) | (bits(c, 5, 5) << 3) | (bits(c, 6, 6) << 2);
const nzimm16sp = (c: number) => sext((bits(c, 12, 12) << 9) | (bits(c, 4, 3) << 7) | (bits(c, 5, 5) << 6) | (bits(c, 2, 2) << 5) | (bits(c, 6, 6) << 4), 10);

const C_ADDI4SPN = cfmt(I.operands, (c, f) => { f.rd = cr(bits(c, 4, 2)); f.rs1 = 2; f.imm = nzuimm4spn(c); });
const C_LW = cfmt(LOAD.operands, (c, f) => { f.rd = cr(bits(c, 4, 2)); f.rs1 = cr(bits(c, 9, 7)); f.imm = offLw(c); });
const C_LD = cfmt(LOAD.operands, (c, f) => { f.rd = cr(bits(c, 4, 2)); f.rs1 = cr(bits(c, 9, 7)); f.imm = offLd(c); });
const C_FLD = cfmt(FLOAD.operands, (c, f) => { f.rd = cr(bits(c, 4, 2)); f.rs1 = cr(bits(c, 9, 7)); f.imm = offLd(c); });
const C_SW = cfmt(STORE.operands, (c, f) => { f.rs2 = cr(bits(c, 4, 2)); f.rs1 = cr(bits(c, 9, 7)); f.imm = offLw(c); });
const C_SD = cfmt(STORE.operands, (c, f) => { f.rs2 = cr(bits(c, 4, 2)); f.rs1 = cr(bits(c, 9, 7)); f.imm = offLd(c); });
const C_FSD = cfmt(FSTORE.operands, (c, f) => { f.rs2 = cr(bits(c, 4, 2)); f.rs1 = cr(bits(c, 9, 7)); f.imm = offLd(c); });
const C_ADDI = cfmt(I.operands, (c, f) => { f.rd = f.rs1 = bits(c, 11, 7); f.imm = ciImm(c); });
const C_LI = cfmt(I.operands, (c, f) => { f.rd = bits(c, 11, 7); f.rs1 = 0; f.imm = ciImm(c); });
const C_ADDI16SP = cfmt(I.operands, (c, f) => { f.rd = f.rs1 = 2; f.imm = nzimm16sp(c); });
const C_LUI = cfmt(U.operands, (c, f) => { f.rd = bits(c, 11, 7); f.imm = ciImm(c) << 12; });
const C_SHIFT_P = cfmt(SH6.operands, (c, f) => { f.rd = f.rs1 = cr(bits(c, 9, 7)); f.imm = cShamt(c); });
const C_ANDI = cfmt(I.operands, (c, f) => { f.rd = f.rs1 = cr(bits(c, 9, 7)); f.imm = ciImm(c); });
const C_ARITH = cfmt(R.operands, (c, f) => { f.rd = f.rs1 = cr(bits(c, 9, 7)); f.rs2 = cr(bits(c, 4, 2)); });
const C_J = cfmt(J.operands, (c, f) => { f.rd = 0; f.imm = offJ(c); });
const C_BZ = cfmt(B.operands, (c, f) => { f.rs1 = cr(bits(c, 9, 7)); f.rs2 = 0; f.imm = offB(c); });
const C_SLLI = cfmt(SH6.operands, (c, f) => { f.rd = f.rs1 = bits(c, 11, 7); f.imm = cShamt(c); });
const C_LWSP = cfmt(LOAD.operands, (c, f) => { f.rd = bits(c, 11, 7); f.rs1 = 2; f.imm = offLwsp(c); });
const C_LDSP = cfmt(LOAD.operands, (c, f) => { f.rd = bits(c, 11, 7); f.rs1 = 2; f.imm = offLdsp(c); });
const C_FLDSP = cfmt(FLOAD.operands, (c, f) => { f.rd = bits(c, 11, 7); f.rs1 = 2; f.imm = offLdsp(c); });
const C_JR = cfmt(JALR.operands, (c, f) => { f.rd = 0; f.rs1 = bits(c, 11, 7); });
const C_JALR = cfmt(JALR.operands, (c, f) => { f.rd = 1; f.rs1 = bits(c, 11, 7); });
const C_MV = cfmt(R.operands, (c, f) => { f.rd = bits(c, 11, 7); f.rs1 = 0; f.rs2 = bits(c, 6, 2); });
const C_ADD = cfmt(R.operands, (c, f) => { f.rd = f.rs1 = bits(c, 11, 7); f.rs2 = bits(c, 6, 2); });
const C_SWSP = cfmt(STORE.operands, (c, f) => { f.rs1 = 2; f.rs2 = bits(c, 6, 2); f.imm = offSwsp(c); });
const C_SDSP = cfmt(STORE.operands, (c, f) => { f.rs1 = 2; f.rs2 = bits(c, 6, 2); f.imm = offSdsp(c); });
const C_FSDSP = cfmt(FSTORE.operands, (c, f) => { f.rs1 = 2; f.rs2 = bits(c, 6, 2); f.imm = offSdsp(c); });
const C_NONE = cfmt([], () => {});

// ---- the table ----------------------------------------------------------------------------------

/** Op id of a base instruction by its name in OP_NAMES. */
const OP_BY_NAME: Record<string, number> = Object.fromEntries(O.OP_NAMES.split(" ").map((n, i) => [n, i]));

type Row = [name: string, mask: number, match: number, format: Format, ext: InsnEntry["ext"], extra?: Partial<InsnEntry>];

// Common masks
const M_OPC = 0x7f;
const M_F3 = 0x707f;
const M_F7F3 = 0xfe00707f;
const M_ALL = 0xffffffff;
const M_RS2F7F3 = 0xfff0707f;   // R-type with rs2 fixed (fsqrt, fcvt, fmv, fclass)
const M_R4 = 0x0600007f;        // R4 with fmt only
const M_FRM = M_F7F3 & ~0x7000; // OP-FP with any rm

const rv32: Row[] = [
  // RV64I
  ["lui", M_OPC, 0x37, U, "I"],
  ["auipc", M_OPC, 0x17, U, "I"],
  ["jal", M_OPC, 0x6f, J, "I"],
  ["jalr", M_F3, 0x67, JALR, "I"],
  ["beq", M_F3, 0x0063, B, "I"],
  ["bne", M_F3, 0x1063, B, "I"],
  ["blt", M_F3, 0x4063, B, "I"],
  ["bge", M_F3, 0x5063, B, "I"],
  ["bltu", M_F3, 0x6063, B, "I"],
  ["bgeu", M_F3, 0x7063, B, "I"],
  ["lb", M_F3, 0x0003, LOAD, "I"],
  ["lh", M_F3, 0x1003, LOAD, "I"],
  ["lw", M_F3, 0x2003, LOAD, "I"],
  ["ld", M_F3, 0x3003, LOAD, "I"],
  ["lbu", M_F3, 0x4003, LOAD, "I"],
  ["lhu", M_F3, 0x5003, LOAD, "I"],
  ["lwu", M_F3, 0x6003, LOAD, "I"],
  ["sb", M_F3, 0x0023, STORE, "I"],
  ["sh", M_F3, 0x1023, STORE, "I"],
  ["sw", M_F3, 0x2023, STORE, "I"],
  ["sd", M_F3, 0x3023, STORE, "I"],
  ["addi", M_F3, 0x0013, I, "I"],
  ["slti", M_F3, 0x2013, I, "I"],
  ["sltiu", M_F3, 0x3013, I, "I"],
  ["xori", M_F3, 0x4013, I, "I"],
  ["ori", M_F3, 0x6013, I, "I"],
  ["andi", M_F3, 0x7013, I, "I"],
  ["slli", 0xfc00707f, 0x1013, SH6, "I"],
  ["srli", 0xfc00707f, 0x5013, SH6, "I"],
  ["srai", 0xfc00707f, 0x40005013, SH6, "I"],
  ["add", M_F7F3, 0x0033, R, "I"],
  ["sub", M_F7F3, 0x40000033, R, "I"],
  ["sll", M_F7F3, 0x1033, R, "I"],
  ["slt", M_F7F3, 0x2033, R, "I"],
  ["sltu", M_F7F3, 0x3033, R, "I"],
  ["xor", M_F7F3, 0x4033, R, "I"],
  ["srl", M_F7F3, 0x5033, R, "I"],
  ["sra", M_F7F3, 0x40005033, R, "I"],
  ["or", M_F7F3, 0x6033, R, "I"],
  ["and", M_F7F3, 0x7033, R, "I"],
  ["addiw", M_F3, 0x001b, I, "I"],
  ["slliw", M_F7F3, 0x101b, SH5, "I"],
  ["srliw", M_F7F3, 0x501b, SH5, "I"],
  ["sraiw", M_F7F3, 0x4000501b, SH5, "I"],
  ["addw", M_F7F3, 0x003b, R, "I"],
  ["subw", M_F7F3, 0x4000003b, R, "I"],
  ["sllw", M_F7F3, 0x103b, R, "I"],
  ["srlw", M_F7F3, 0x503b, R, "I"],
  ["sraw", M_F7F3, 0x4000503b, R, "I"],
  // The hart treats every MISC-MEM funct3=0 word as a fence (fm/pred/succ/rs1/rd ignored), funct3=1 as fence.i.
  ["fence", M_F3, 0x000f, FENCE, "I"],
  ["fence.i", M_F3, 0x100f, NONE, "Zifencei"],
  ["ecall", M_ALL, 0x00000073, NONE, "I"],
  ["ebreak", M_ALL, 0x00100073, NONE, "I"],
  // Privileged
  ["mret", M_ALL, 0x30200073, NONE, "Priv"],
  ["sret", M_ALL, 0x10200073, NONE, "Priv"],
  ["wfi", M_ALL, 0x10500073, NONE, "Priv"],
  ["sfence.vma", 0xfe007fff, 0x12000073, SFENCE, "Priv"],
  // Zicsr
  ["csrrw", M_F3, 0x1073, CSR, "Zicsr"],
  ["csrrs", M_F3, 0x2073, CSR, "Zicsr"],
  ["csrrc", M_F3, 0x3073, CSR, "Zicsr"],
  ["csrrwi", M_F3, 0x5073, CSRI, "Zicsr"],
  ["csrrsi", M_F3, 0x6073, CSRI, "Zicsr"],
  ["csrrci", M_F3, 0x7073, CSRI, "Zicsr"],
  // M
  ["mul", M_F7F3, 0x02000033, R, "M"],
  ["mulh", M_F7F3, 0x02001033, R, "M"],
  ["mulhsu", M_F7F3, 0x02002033, R, "M"],
  ["mulhu", M_F7F3, 0x02003033, R, "M"],
  ["div", M_F7F3, 0x02004033, R, "M"],
  ["divu", M_F7F3, 0x02005033, R, "M"],
  ["rem", M_F7F3, 0x02006033, R, "M"],
  ["remu", M_F7F3, 0x02007033, R, "M"],
  ["mulw", M_F7F3, 0x0200003b, R, "M"],
  ["divw", M_F7F3, 0x0200403b, R, "M"],
  ["divuw", M_F7F3, 0x0200503b, R, "M"],
  ["remw", M_F7F3, 0x0200603b, R, "M"],
  ["remuw", M_F7F3, 0x0200703b, R, "M"],
  // A: funct5 in 31:27, aq/rl in 26:25
  ...(["w", "d"] as const).flatMap((s): Row[] => {
    const w = s === "w" ? 0x2000 : 0x3000;
    const amo = (name: string, f5: number): Row => [`${name}.${s}`, 0xf800707f, (f5 << 27) | w | 0x2f, AMO, "A"];
    return [
      [`lr.${s}`, 0xf9f0707f, (0x02 << 27) | w | 0x2f, LR, "A"],
      amo("sc", 0x03), amo("amoswap", 0x01), amo("amoadd", 0x00), amo("amoxor", 0x04), amo("amoand", 0x0c),
      amo("amoor", 0x08), amo("amomin", 0x10), amo("amomax", 0x14), amo("amominu", 0x18), amo("amomaxu", 0x1c),
    ];
  }),
  // F and D (fmt field 26:25: 0 = S, 1 = D)
  ["flw", M_F3, 0x2007, FLOAD, "F"],
  ["fsw", M_F3, 0x2027, FSTORE, "F"],
  ["fld", M_F3, 0x3007, FLOAD, "D"],
  ["fsd", M_F3, 0x3027, FSTORE, "D"],
  ...(["s", "d"] as const).flatMap((s): Row[] => {
    const d = s === "d" ? 1 : 0;
    const ext = s === "d" ? "D" : "F";
    const fp = (f7: number) => ((f7 | d) << 25) | 0x53;
    const rm7 = { rmDefault: 7 };
    return [
      [`fmadd.${s}`, M_R4, (d << 25) | 0x43, F_R4, ext, rm7],
      [`fmsub.${s}`, M_R4, (d << 25) | 0x47, F_R4, ext, rm7],
      [`fnmsub.${s}`, M_R4, (d << 25) | 0x4b, F_R4, ext, rm7],
      [`fnmadd.${s}`, M_R4, (d << 25) | 0x4f, F_R4, ext, rm7],
      [`fadd.${s}`, M_FRM, fp(0x00), F_RRR_RM, ext, rm7],
      [`fsub.${s}`, M_FRM, fp(0x04), F_RRR_RM, ext, rm7],
      [`fmul.${s}`, M_FRM, fp(0x08), F_RRR_RM, ext, rm7],
      [`fdiv.${s}`, M_FRM, fp(0x0c), F_RRR_RM, ext, rm7],
      [`fsqrt.${s}`, 0xfff0007f, fp(0x2c), F_RR_RM, ext, rm7],
      [`fsgnj.${s}`, M_F7F3, fp(0x10), F_RRR, ext],
      [`fsgnjn.${s}`, M_F7F3, fp(0x10) | 0x1000, F_RRR, ext],
      [`fsgnjx.${s}`, M_F7F3, fp(0x10) | 0x2000, F_RRR, ext],
      [`fmin.${s}`, M_F7F3, fp(0x14), F_RRR, ext],
      [`fmax.${s}`, M_F7F3, fp(0x14) | 0x1000, F_RRR, ext],
      [`fle.${s}`, M_F7F3, fp(0x50), F_CMP, ext],
      [`flt.${s}`, M_F7F3, fp(0x50) | 0x1000, F_CMP, ext],
      [`feq.${s}`, M_F7F3, fp(0x50) | 0x2000, F_CMP, ext],
      [`fcvt.w.${s}`, 0xfff0007f, fp(0x60), F_XF_RM, ext, rm7],
      [`fcvt.wu.${s}`, 0xfff0007f, fp(0x60) | (1 << 20), F_XF_RM, ext, rm7],
      [`fcvt.l.${s}`, 0xfff0007f, fp(0x60) | (2 << 20), F_XF_RM, ext, rm7],
      [`fcvt.lu.${s}`, 0xfff0007f, fp(0x60) | (3 << 20), F_XF_RM, ext, rm7],
      // int → double from 32 bits is exact: objdump omits rm when it is 0 (as gas writes it)
      [`fcvt.${s}.w`, 0xfff0007f, fp(0x68), F_FX_RM, ext, { rmDefault: d ? 0 : 7 }],
      [`fcvt.${s}.wu`, 0xfff0007f, fp(0x68) | (1 << 20), F_FX_RM, ext, { rmDefault: d ? 0 : 7 }],
      [`fcvt.${s}.l`, 0xfff0007f, fp(0x68) | (2 << 20), F_FX_RM, ext, rm7],
      [`fcvt.${s}.lu`, 0xfff0007f, fp(0x68) | (3 << 20), F_FX_RM, ext, rm7],
      [s === "d" ? "fmv.x.d" : "fmv.x.w", M_RS2F7F3, fp(0x70), F_XF, ext],
      [`fclass.${s}`, M_RS2F7F3, fp(0x70) | 0x1000, F_XF, ext],
      [s === "d" ? "fmv.d.x" : "fmv.w.x", M_RS2F7F3, fp(0x78), F_FX, ext],
    ];
  }),
  ["fcvt.s.d", 0xfff0007f, (0x20 << 25) | (1 << 20) | 0x53, F_RR_RM, "D", { rmDefault: 7 }],
  ["fcvt.d.s", 0xfff0007f, (0x21 << 25) | 0x53, F_RR_RM, "D", { rmDefault: 0 }],
];

const rvc: Row[] = [
  // Quadrant 0
  ["c.unimp", 0xffff, 0x0000, C_NONE, "C", { op: O.OP_ILLEGAL }],
  ["c.addi4spn", 0xe003, 0x0000, C_ADDI4SPN, "C", { expands: "addi", when: (f) => f.imm !== 0 }],
  ["c.fld", 0xe003, 0x2000, C_FLD, "C", { expands: "fld" }],
  ["c.lw", 0xe003, 0x4000, C_LW, "C", { expands: "lw" }],
  ["c.ld", 0xe003, 0x6000, C_LD, "C", { expands: "ld" }],
  ["c.fsd", 0xe003, 0xa000, C_FSD, "C", { expands: "fsd" }],
  ["c.sw", 0xe003, 0xc000, C_SW, "C", { expands: "sw" }],
  ["c.sd", 0xe003, 0xe000, C_SD, "C", { expands: "sd" }],
  // Quadrant 1
  ["c.nop", 0xffff, 0x0001, C_ADDI, "C", { expands: "addi" }],
  ["c.addi", 0xe003, 0x0001, C_ADDI, "C", { expands: "addi" }],             // rd = 0, imm ≠ 0: a HINT, executes as addi
  ["c.addiw", 0xe003, 0x2001, C_ADDI, "C", { expands: "addiw", when: (f) => f.rd !== 0 }],
  ["c.li", 0xe003, 0x4001, C_LI, "C", { expands: "addi" }],
  ["c.addi16sp", 0xef83, 0x6101, C_ADDI16SP, "C", { expands: "addi", when: (f) => f.imm !== 0 }],
  ["c.lui", 0xe003, 0x6001, C_LUI, "C", { expands: "lui", when: (f) => f.imm !== 0 && f.rd !== 2 }],
  ["c.srli", 0xec03, 0x8001, C_SHIFT_P, "C", { expands: "srli" }],
  ["c.srai", 0xec03, 0x8401, C_SHIFT_P, "C", { expands: "srai" }],
  ["c.andi", 0xec03, 0x8801, C_ANDI, "C", { expands: "andi" }],
  ["c.sub", 0xfc63, 0x8c01, C_ARITH, "C", { expands: "sub" }],
  ["c.xor", 0xfc63, 0x8c21, C_ARITH, "C", { expands: "xor" }],
  ["c.or", 0xfc63, 0x8c41, C_ARITH, "C", { expands: "or" }],
  ["c.and", 0xfc63, 0x8c61, C_ARITH, "C", { expands: "and" }],
  ["c.subw", 0xfc63, 0x9c01, C_ARITH, "C", { expands: "subw" }],
  ["c.addw", 0xfc63, 0x9c21, C_ARITH, "C", { expands: "addw" }],
  ["c.j", 0xe003, 0xa001, C_J, "C", { expands: "jal" }],
  ["c.beqz", 0xe003, 0xc001, C_BZ, "C", { expands: "beq" }],
  ["c.bnez", 0xe003, 0xe001, C_BZ, "C", { expands: "bne" }],
  // Quadrant 2
  ["c.slli", 0xe003, 0x0002, C_SLLI, "C", { expands: "slli" }],
  ["c.fldsp", 0xe003, 0x2002, C_FLDSP, "C", { expands: "fld" }],
  ["c.lwsp", 0xe003, 0x4002, C_LWSP, "C", { expands: "lw", when: (f) => f.rd !== 0 }],
  ["c.ldsp", 0xe003, 0x6002, C_LDSP, "C", { expands: "ld", when: (f) => f.rd !== 0 }],
  ["c.jr", 0xf07f, 0x8002, C_JR, "C", { expands: "jalr", when: (f) => f.rs1 !== 0 }],
  ["c.mv", 0xf003, 0x8002, C_MV, "C", { expands: "add", when: (f) => f.rs2 !== 0, print: { name: "mv", operands: ["rd", "rs2"] } }],
  ["c.ebreak", 0xffff, 0x9002, C_NONE, "C", { expands: "ebreak" }],
  ["c.jalr", 0xf07f, 0x9002, C_JALR, "C", { expands: "jalr" }],
  ["c.add", 0xf003, 0x9002, C_ADD, "C", { expands: "add", when: (f) => f.rs2 !== 0 }],
  ["c.fsdsp", 0xe003, 0xa002, C_FSDSP, "C", { expands: "fsd" }],
  ["c.swsp", 0xe003, 0xc002, C_SWSP, "C", { expands: "sw" }],
  ["c.sdsp", 0xe003, 0xe002, C_SDSP, "C", { expands: "sd" }],
];

const FP_EXT = new Set(["F", "D"]);

function build(rows: Row[], length: 2 | 4): InsnEntry[] {
  return rows.map(([name, mask, match, format, ext, extra]) => {
    const baseName = extra?.expands ?? name;
    const baseExt = extra?.expands ? extOf(baseName) : ext;
    const op = extra?.op ?? (FP_EXT.has(baseExt) ? O.OP_FLOAT : OP_BY_NAME[baseName]);
    if (op === undefined) throw new Error(`isa-table: no hart op for ${name}`);
    return { name, mask: mask >>> 0, match: match >>> 0, length, format, ext, op, ...extra } as InsnEntry;
  });
}
function extOf(name: string): InsnEntry["ext"] {
  const r = rv32.find((x) => x[0] === name);
  if (!r) throw new Error(`isa-table: ${name} is not a base instruction`);
  return r[4];
}

/** Every RV64GC instruction, 32-bit forms first, then the compressed ones. */
export const ISA_TABLE: readonly InsnEntry[] = [...build(rv32, 4), ...build(rvc, 2)];

/** The 32-bit entry a compressed one expands to. */
export const BASE_ENTRY: Readonly<Record<string, InsnEntry>> = Object.fromEntries(ISA_TABLE.filter((e) => e.length === 4).map((e) => [e.name, e]));

// Buckets by major opcode (32-bit: bits 6:0) or by quadrant and funct3 (16-bit), in table order.
const buckets32 = new Map<number, InsnEntry[]>();
const buckets16 = new Map<number, InsnEntry[]>();
for (const e of ISA_TABLE) {
  if (e.length === 4) {
    const k = e.match & 0x7f;
    if (!buckets32.has(k)) buckets32.set(k, []);
    buckets32.get(k)!.push(e);
  } else {
    const k = (e.match & 3) | (((e.match >>> 13) & 7) << 2);
    if (!buckets16.has(k)) buckets16.set(k, []);
    buckets16.get(k)!.push(e);
  }
}

export interface Decoded {
  entry: InsnEntry;
  fields: Fields;
  length: 2 | 4;
  raw: number;
}

/** Instruction length from the low bits: 2 for compressed, 4 otherwise (longer encodings are not RV64GC). */
export function insnLength(lowHalf: number): 2 | 4 {
  return (lowHalf & 3) === 3 ? 4 : 2;
}

/**
 * Decode one instruction with the table. `raw` is the 32 bits at pc (for a compressed instruction
 * only the low 16 matter). Returns undefined for an illegal or reserved encoding.
 */
export function decodeInsn(raw: number): Decoded | undefined {
  raw >>>= 0;
  const length = insnLength(raw);
  if (length === 2) {
    const c = raw & 0xffff;
    for (const e of buckets16.get((c & 3) | (((c >>> 13) & 7) << 2)) ?? []) {
      if ((c & e.mask) !== e.match) continue;
      const fields = e.format.extract(c);
      if (e.when && !e.when(fields, c)) continue;
      return { entry: e, fields, length, raw: c };
    }
    return undefined;
  }
  for (const e of buckets32.get(raw & 0x7f) ?? []) {
    if (((raw & e.mask) >>> 0) !== e.match) continue;
    const fields = e.format.extract(raw);
    if (e.when && !e.when(fields, raw)) continue;
    return { entry: e, fields, length, raw };
  }
  return undefined;
}

/** The hart's op id for a word according to the table (OP_ILLEGAL when the table has no entry). */
export function tableOp(raw: number): number {
  return decodeInsn(raw)?.entry.op ?? O.OP_ILLEGAL;
}
