// The decoder: one instruction's bits → a decode-cache entry (layout in shared/layout.ts).
// It reads like the spec's opcode map ("RV32/64G Instruction Set Listings" and the RVC tables):
// switch on the major opcode, then funct3/funct7, one mnemonic per case. Compressed instructions
// are expanded to the base operation they stand for, so the executor has one case per operation.
// Anything unassigned or reserved decodes to OP_ILLEGAL.

import * as O from "./shared/ops";
import { X_SINK } from "./shared/layout";

// Entry field offsets
export const E_RAW: usize = 0;
export const E_OP: usize = 4;
export const E_RD: usize = 5;
export const E_RS1: usize = 6;
export const E_RS2: usize = 7;
export const E_IMM: usize = 8;
export const E_LEN: usize = 12;
export const E_CSR: usize = 14;

@inline function bits(x: u32, hi: u32, lo: u32): u32 {
  return (x >> lo) & ((<u32>1 << (hi - lo + 1)) - 1);
}
@inline function sext(x: u32, width: u32): i32 {
  const s = 32 - width;
  return (<i32>(x << s)) >> s;
}

/** Fill an entry. `rd` 0 is redirected to the sink so the executor never writes x0. */
@inline function put(e: usize, op: i32, rd: u32, rs1: u32, rs2: u32, imm: i32, len: u32): void {
  store<u8>(e, <u8>op, E_OP);
  store<u8>(e, <u8>(rd == 0 ? <u32>X_SINK : rd), E_RD);
  store<u8>(e, <u8>rs1, E_RS1);
  store<u8>(e, <u8>rs2, E_RS2);
  store<i32>(e, imm, E_IMM);
  store<u8>(e, <u8>len, E_LEN);
}

// Immediates of the 32-bit formats
@inline function immI(i: u32): i32 { return (<i32>i) >> 20; }
@inline function immS(i: u32): i32 { return ((<i32>(i & 0xfe000000)) >> 20) | <i32>bits(i, 11, 7); }
@inline function immB(i: u32): i32 {
  return ((<i32>(i & 0x80000000)) >> 19) | <i32>(bits(i, 7, 7) << 11) | <i32>(bits(i, 30, 25) << 5) | <i32>(bits(i, 11, 8) << 1);
}
@inline function immU(i: u32): i32 { return <i32>(i & 0xfffff000); }
@inline function immJ(i: u32): i32 {
  return ((<i32>(i & 0x80000000)) >> 11) | <i32>(bits(i, 19, 12) << 12) | <i32>(bits(i, 20, 20) << 11) | <i32>(bits(i, 30, 21) << 1);
}

/** Decode `raw` (the 32 bits at pc; for a compressed instruction only the low 16 matter) into entry `e`. */
export function decode(raw: u32, e: usize): void {
  store<u32>(e, raw, E_RAW);
  store<u16>(e, 0, E_CSR);
  if ((raw & 3) != 3) decodeCompressed(raw & 0xffff, e);
  else decode32(raw, e);
}

function decode32(i: u32, e: usize): void {
  const rd = bits(i, 11, 7);
  const rs1 = bits(i, 19, 15);
  const rs2 = bits(i, 24, 20);
  const f3 = bits(i, 14, 12);
  const f7 = bits(i, 31, 25);
  let op: i32 = O.OP_ILLEGAL;
  let imm: i32 = 0;
  switch (i & 0x7f) {
    case 0x37: op = O.OP_LUI; imm = immU(i); break;                       // LUI
    case 0x17: op = O.OP_AUIPC; imm = immU(i); break;                     // AUIPC
    case 0x6f: op = O.OP_JAL; imm = immJ(i); break;                       // JAL
    case 0x67: if (f3 == 0) { op = O.OP_JALR; imm = immI(i); } break;     // JALR
    case 0x63: {                                                          // BRANCH
      imm = immB(i);
      switch (f3) {
        case 0: op = O.OP_BEQ; break;
        case 1: op = O.OP_BNE; break;
        case 4: op = O.OP_BLT; break;
        case 5: op = O.OP_BGE; break;
        case 6: op = O.OP_BLTU; break;
        case 7: op = O.OP_BGEU; break;
      }
      break;
    }
    case 0x03: {                                                          // LOAD
      imm = immI(i);
      switch (f3) {
        case 0: op = O.OP_LB; break;
        case 1: op = O.OP_LH; break;
        case 2: op = O.OP_LW; break;
        case 3: op = O.OP_LD; break;
        case 4: op = O.OP_LBU; break;
        case 5: op = O.OP_LHU; break;
        case 6: op = O.OP_LWU; break;
      }
      break;
    }
    case 0x23: {                                                          // STORE
      imm = immS(i);
      switch (f3) {
        case 0: op = O.OP_SB; break;
        case 1: op = O.OP_SH; break;
        case 2: op = O.OP_SW; break;
        case 3: op = O.OP_SD; break;
      }
      break;
    }
    case 0x13: {                                                          // OP-IMM
      imm = immI(i);
      switch (f3) {
        case 0: op = O.OP_ADDI; break;
        case 2: op = O.OP_SLTI; break;
        case 3: op = O.OP_SLTIU; break;
        case 4: op = O.OP_XORI; break;
        case 6: op = O.OP_ORI; break;
        case 7: op = O.OP_ANDI; break;
        case 1: if (bits(i, 31, 26) == 0) { op = O.OP_SLLI; imm = <i32>bits(i, 25, 20); } break;
        case 5: {
          const hi = bits(i, 31, 26);
          if (hi == 0x00) { op = O.OP_SRLI; imm = <i32>bits(i, 25, 20); }
          else if (hi == 0x10) { op = O.OP_SRAI; imm = <i32>bits(i, 25, 20); }
          break;
        }
      }
      break;
    }
    case 0x1b: {                                                          // OP-IMM-32
      imm = immI(i);
      if (f3 == 0) op = O.OP_ADDIW;
      else if (f3 == 1 && f7 == 0) { op = O.OP_SLLIW; imm = <i32>rs2; }
      else if (f3 == 5 && f7 == 0x00) { op = O.OP_SRLIW; imm = <i32>rs2; }
      else if (f3 == 5 && f7 == 0x20) { op = O.OP_SRAIW; imm = <i32>rs2; }
      break;
    }
    case 0x33: {                                                          // OP
      if (f7 == 0x00) {
        switch (f3) {
          case 0: op = O.OP_ADD; break;
          case 1: op = O.OP_SLL; break;
          case 2: op = O.OP_SLT; break;
          case 3: op = O.OP_SLTU; break;
          case 4: op = O.OP_XOR; break;
          case 5: op = O.OP_SRL; break;
          case 6: op = O.OP_OR; break;
          case 7: op = O.OP_AND; break;
        }
      } else if (f7 == 0x20) {
        if (f3 == 0) op = O.OP_SUB;
        else if (f3 == 5) op = O.OP_SRA;
      } else if (f7 == 0x01) {                                            // M extension
        switch (f3) {
          case 0: op = O.OP_MUL; break;
          case 1: op = O.OP_MULH; break;
          case 2: op = O.OP_MULHSU; break;
          case 3: op = O.OP_MULHU; break;
          case 4: op = O.OP_DIV; break;
          case 5: op = O.OP_DIVU; break;
          case 6: op = O.OP_REM; break;
          case 7: op = O.OP_REMU; break;
        }
      }
      break;
    }
    case 0x3b: {                                                          // OP-32
      if (f7 == 0x00) {
        if (f3 == 0) op = O.OP_ADDW;
        else if (f3 == 1) op = O.OP_SLLW;
        else if (f3 == 5) op = O.OP_SRLW;
      } else if (f7 == 0x20) {
        if (f3 == 0) op = O.OP_SUBW;
        else if (f3 == 5) op = O.OP_SRAW;
      } else if (f7 == 0x01) {
        switch (f3) {
          case 0: op = O.OP_MULW; break;
          case 4: op = O.OP_DIVW; break;
          case 5: op = O.OP_DIVUW; break;
          case 6: op = O.OP_REMW; break;
          case 7: op = O.OP_REMUW; break;
        }
      }
      break;
    }
    case 0x0f: {                                                          // MISC-MEM
      // FENCE ignores its fm/pred/succ/rs1/rd fields (FENCE.TSO and PAUSE are fences too).
      if (f3 == 0) op = O.OP_FENCE;
      else if (f3 == 1) op = O.OP_FENCE_I;
      break;
    }
    case 0x73: {                                                          // SYSTEM
      if (f3 == 0) {
        if (i == 0x00000073) op = O.OP_ECALL;
        else if (i == 0x00100073) op = O.OP_EBREAK;
        else if (i == 0x30200073) op = O.OP_MRET;
        else if (i == 0x10200073) op = O.OP_SRET;
        else if (i == 0x10500073) op = O.OP_WFI;
        else if (f7 == 0x09 && rd == 0) op = O.OP_SFENCE_VMA;
      } else if (f3 != 4) {
        store<u16>(e, <u16>bits(i, 31, 20), E_CSR);
        switch (f3) {
          case 1: op = O.OP_CSRRW; break;
          case 2: op = O.OP_CSRRS; break;
          case 3: op = O.OP_CSRRC; break;
          case 5: op = O.OP_CSRRWI; break;
          case 6: op = O.OP_CSRRSI; break;
          case 7: op = O.OP_CSRRCI; break;
        }
        // rs1 holds the register or the 5-bit immediate; the executor needs to know rd was x0.
        imm = <i32>rd;
      }
      break;
    }
    case 0x2f: {                                                          // AMO
      if (f3 == 2 || f3 == 3) {
        const d = f3 == 3;
        switch (bits(i, 31, 27)) {
          case 0x02: if (rs2 == 0) op = d ? O.OP_LR_D : O.OP_LR_W; break;
          case 0x03: op = d ? O.OP_SC_D : O.OP_SC_W; break;
          case 0x01: op = d ? O.OP_AMOSWAP_D : O.OP_AMOSWAP_W; break;
          case 0x00: op = d ? O.OP_AMOADD_D : O.OP_AMOADD_W; break;
          case 0x04: op = d ? O.OP_AMOXOR_D : O.OP_AMOXOR_W; break;
          case 0x0c: op = d ? O.OP_AMOAND_D : O.OP_AMOAND_W; break;
          case 0x08: op = d ? O.OP_AMOOR_D : O.OP_AMOOR_W; break;
          case 0x10: op = d ? O.OP_AMOMIN_D : O.OP_AMOMIN_W; break;
          case 0x14: op = d ? O.OP_AMOMAX_D : O.OP_AMOMAX_W; break;
          case 0x18: op = d ? O.OP_AMOMINU_D : O.OP_AMOMINU_W; break;
          case 0x1c: op = d ? O.OP_AMOMAXU_D : O.OP_AMOMAXU_W; break;
        }
      }
      break;
    }
    // F and D: LOAD-FP, STORE-FP, MADD, MSUB, NMSUB, NMADD, OP-FP. The FPU decodes its own fields.
    case 0x07: case 0x27: case 0x43: case 0x47: case 0x4b: case 0x4f: case 0x53:
      op = O.OP_FLOAT;
      imm = <i32>i;
      break;
  }
  put(e, op, rd, rs1, rs2, imm, 4);
}

// Compressed register fields: rd'/rs1'/rs2' name x8..x15.
@inline function cr(x: u32): u32 { return 8 + (x & 7); }

/** Encode a 32-bit FLD/FSD for the compressed FP loads and stores (the FPU executes 32-bit forms). */
@inline function fld(rd: u32, rs1: u32, off: u32): i32 {
  return <i32>((off << 20) | (rs1 << 15) | (3 << 12) | (rd << 7) | 0x07);
}
@inline function fsd(rs2: u32, rs1: u32, off: u32): i32 {
  return <i32>(((off >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (3 << 12) | ((off & 0x1f) << 7) | 0x27);
}

function decodeCompressed(c: u32, e: usize): void {
  const f3 = bits(c, 15, 13);
  const rdFull = bits(c, 11, 7);
  const rs2Full = bits(c, 6, 2);
  const rdP = cr(bits(c, 4, 2));
  const rs1P = cr(bits(c, 9, 7));
  // CI-format signed 6-bit immediate: imm[5] = c[12], imm[4:0] = c[6:2]
  const ci = sext((bits(c, 12, 12) << 5) | bits(c, 6, 2), 6);
  switch (c & 3) {
    case 0: {                                                             // quadrant 0
      switch (f3) {
        case 0: {                                                         // C.ADDI4SPN
          const nz = (bits(c, 10, 7) << 6) | (bits(c, 12, 11) << 4) | (bits(c, 5, 5) << 3) | (bits(c, 6, 6) << 2);
          if (nz == 0) break; // reserved (and c == 0 is the defined illegal instruction)
          put(e, O.OP_ADDI, rdP, 2, 0, <i32>nz, 2);
          return;
        }
        case 1: {                                                         // C.FLD
          const off = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
          put(e, O.OP_FLOAT, rdP, rs1P, 0, fld(rdP, rs1P, off), 2);
          return;
        }
        case 2: {                                                         // C.LW
          const off = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);
          put(e, O.OP_LW, rdP, rs1P, 0, <i32>off, 2);
          return;
        }
        case 3: {                                                         // C.LD
          const off = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
          put(e, O.OP_LD, rdP, rs1P, 0, <i32>off, 2);
          return;
        }
        case 5: {                                                         // C.FSD
          const off = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
          put(e, O.OP_FLOAT, 0, rs1P, rdP, fsd(rdP, rs1P, off), 2);
          return;
        }
        case 6: {                                                         // C.SW
          const off = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);
          put(e, O.OP_SW, 0, rs1P, rdP, <i32>off, 2);
          return;
        }
        case 7: {                                                         // C.SD
          const off = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
          put(e, O.OP_SD, 0, rs1P, rdP, <i32>off, 2);
          return;
        }
      }
      break;
    }
    case 1: {                                                             // quadrant 1
      switch (f3) {
        case 0: put(e, O.OP_ADDI, rdFull, rdFull, 0, ci, 2); return;      // C.ADDI (C.NOP when rd = 0)
        case 1:                                                           // C.ADDIW (rd = 0 reserved)
          if (rdFull == 0) break;
          put(e, O.OP_ADDIW, rdFull, rdFull, 0, ci, 2);
          return;
        case 2: put(e, O.OP_ADDI, rdFull, 0, 0, ci, 2); return;           // C.LI
        case 3: {
          if (rdFull == 2) {                                              // C.ADDI16SP
            const nz = sext((bits(c, 12, 12) << 9) | (bits(c, 4, 3) << 7) | (bits(c, 5, 5) << 6) |
              (bits(c, 2, 2) << 5) | (bits(c, 6, 6) << 4), 10);
            if (nz == 0) break;
            put(e, O.OP_ADDI, 2, 2, 0, nz, 2);
            return;
          }
          // C.LUI: nzimm[17:12]; zero is reserved
          if (ci == 0) break;
          put(e, O.OP_LUI, rdFull, 0, 0, ci << 12, 2);
          return;
        }
        case 4: {
          const sh = <i32>((bits(c, 12, 12) << 5) | bits(c, 6, 2));
          switch (bits(c, 11, 10)) {
            case 0: put(e, O.OP_SRLI, rs1P, rs1P, 0, sh, 2); return;      // C.SRLI
            case 1: put(e, O.OP_SRAI, rs1P, rs1P, 0, sh, 2); return;      // C.SRAI
            case 2: put(e, O.OP_ANDI, rs1P, rs1P, 0, ci, 2); return;      // C.ANDI
            case 3: {
              const rs2P = rdP;
              if (bits(c, 12, 12) == 0) {
                switch (bits(c, 6, 5)) {
                  case 0: put(e, O.OP_SUB, rs1P, rs1P, rs2P, 0, 2); return;  // C.SUB
                  case 1: put(e, O.OP_XOR, rs1P, rs1P, rs2P, 0, 2); return;  // C.XOR
                  case 2: put(e, O.OP_OR, rs1P, rs1P, rs2P, 0, 2); return;   // C.OR
                  case 3: put(e, O.OP_AND, rs1P, rs1P, rs2P, 0, 2); return;  // C.AND
                }
              } else {
                switch (bits(c, 6, 5)) {
                  case 0: put(e, O.OP_SUBW, rs1P, rs1P, rs2P, 0, 2); return; // C.SUBW
                  case 1: put(e, O.OP_ADDW, rs1P, rs1P, rs2P, 0, 2); return; // C.ADDW
                }
              }
              break;
            }
          }
          break;
        }
        case 5: {                                                         // C.J
          const off = sext((bits(c, 12, 12) << 11) | (bits(c, 8, 8) << 10) | (bits(c, 10, 9) << 8) |
            (bits(c, 6, 6) << 7) | (bits(c, 7, 7) << 6) | (bits(c, 2, 2) << 5) | (bits(c, 11, 11) << 4) |
            (bits(c, 5, 3) << 1), 12);
          put(e, O.OP_JAL, 0, 0, 0, off, 2);
          return;
        }
        case 6: case 7: {                                                 // C.BEQZ, C.BNEZ
          const off = sext((bits(c, 12, 12) << 8) | (bits(c, 6, 5) << 6) | (bits(c, 2, 2) << 5) |
            (bits(c, 11, 10) << 3) | (bits(c, 4, 3) << 1), 9);
          put(e, f3 == 6 ? O.OP_BEQ : O.OP_BNE, 0, rs1P, 0, off, 2);
          return;
        }
      }
      break;
    }
    case 2: {                                                             // quadrant 2
      switch (f3) {
        case 0: {                                                         // C.SLLI
          const sh = <i32>((bits(c, 12, 12) << 5) | bits(c, 6, 2));
          put(e, O.OP_SLLI, rdFull, rdFull, 0, sh, 2);
          return;
        }
        case 1: {                                                         // C.FLDSP
          const off = (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
          put(e, O.OP_FLOAT, rdFull, 2, 0, fld(rdFull, 2, off), 2);
          return;
        }
        case 2: {                                                         // C.LWSP (rd = 0 reserved)
          if (rdFull == 0) break;
          const off = (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
          put(e, O.OP_LW, rdFull, 2, 0, <i32>off, 2);
          return;
        }
        case 3: {                                                         // C.LDSP (rd = 0 reserved)
          if (rdFull == 0) break;
          const off = (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
          put(e, O.OP_LD, rdFull, 2, 0, <i32>off, 2);
          return;
        }
        case 4: {
          if (bits(c, 12, 12) == 0) {
            if (rs2Full == 0) {                                           // C.JR (rs1 = 0 reserved)
              if (rdFull == 0) break;
              put(e, O.OP_JALR, 0, rdFull, 0, 0, 2);
            } else {
              put(e, O.OP_ADD, rdFull, 0, rs2Full, 0, 2);                  // C.MV
            }
          } else {
            if (rdFull == 0 && rs2Full == 0) put(e, O.OP_EBREAK, 0, 0, 0, 0, 2);   // C.EBREAK
            else if (rs2Full == 0) put(e, O.OP_JALR, 1, rdFull, 0, 0, 2);          // C.JALR
            else put(e, O.OP_ADD, rdFull, rdFull, rs2Full, 0, 2);                  // C.ADD
          }
          return;
        }
        case 5: {                                                         // C.FSDSP
          const off = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
          put(e, O.OP_FLOAT, 0, 2, rs2Full, fsd(rs2Full, 2, off), 2);
          return;
        }
        case 6: {                                                         // C.SWSP
          const off = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
          put(e, O.OP_SW, 0, 2, rs2Full, <i32>off, 2);
          return;
        }
        case 7: {                                                         // C.SDSP
          const off = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
          put(e, O.OP_SD, 0, 2, rs2Full, <i32>off, 2);
          return;
        }
      }
      break;
    }
  }
  put(e, O.OP_ILLEGAL, 0, 0, 0, 0, 2);
}
