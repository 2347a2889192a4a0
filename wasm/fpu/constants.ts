// Names from the RISC-V unprivileged spec, chapter "F" (fcsr, rounding modes, opcodes).

// fflags bits (fcsr[4:0])
export const FPU_NX: u32 = 1 << 0;   // inexact
export const FPU_UF: u32 = 1 << 1;   // underflow
export const FPU_OF: u32 = 1 << 2;   // overflow
export const FPU_DZ: u32 = 1 << 3;   // divide by zero
export const FPU_NV: u32 = 1 << 4;   // invalid operation

// Rounding modes (the rm field and frm)
export const RM_RNE: u32 = 0;        // to nearest, ties to even
export const RM_RTZ: u32 = 1;        // towards zero
export const RM_RDN: u32 = 2;        // down (towards −∞)
export const RM_RUP: u32 = 3;        // up (towards +∞)
export const RM_RMM: u32 = 4;        // to nearest, ties to max magnitude
export const RM_DYN: u32 = 7;        // use frm

// Major opcodes
export const OPC_LOAD_FP: u32 = 0x07;
export const OPC_STORE_FP: u32 = 0x27;
export const OPC_MADD: u32 = 0x43;
export const OPC_MSUB: u32 = 0x47;
export const OPC_NMSUB: u32 = 0x4b;
export const OPC_NMADD: u32 = 0x4f;
export const OPC_OP_FP: u32 = 0x53;

// OP-FP funct5 (instruction bits 31:27); bits 26:25 are fmt (0 = S, 1 = D)
export const FP_ADD: u32 = 0x00;
export const FP_SUB: u32 = 0x01;
export const FP_MUL: u32 = 0x02;
export const FP_DIV: u32 = 0x03;
export const FP_SGNJ: u32 = 0x04;    // funct3: 0 fsgnj, 1 fsgnjn, 2 fsgnjx
export const FP_MINMAX: u32 = 0x05;  // funct3: 0 fmin, 1 fmax
export const FP_CVT_FF: u32 = 0x08;  // fcvt.s.d (fmt S, rs2 1) / fcvt.d.s (fmt D, rs2 0)
export const FP_SQRT: u32 = 0x0b;
export const FP_CMP: u32 = 0x14;     // funct3: 0 fle, 1 flt, 2 feq
export const FP_CVT_IF: u32 = 0x18;  // fcvt.{w,wu,l,lu}.fmt: rs2 selects the integer type
export const FP_CVT_FI: u32 = 0x1a;  // fcvt.fmt.{w,wu,l,lu}
export const FP_MV_X_CLASS: u32 = 0x1c; // funct3: 0 fmv.x.{w,d}, 1 fclass
export const FP_MV_F_X: u32 = 0x1e;  // fmv.{w,d}.x

export const FMT_S: u32 = 0;
export const FMT_D: u32 = 1;

// A binary32 in an f register is NaN-boxed: the upper 32 bits are all ones.
export const NAN_BOX: u64 = 0xffffffff00000000;
export const CANONICAL_NAN_S: u64 = 0x7fc00000;
