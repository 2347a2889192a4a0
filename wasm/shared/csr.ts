// CSR numbers and field positions, named as the privileged spec (v1.12) and QEMU's cpu_bits.h name them.
// Shared by the hart (AssemblyScript) and the debugger (TypeScript): plain integer constants only.
// Fields above bit 30 are given as bit positions (*_SHIFT) so both languages read them the same way.

// Unprivileged floating-point CSRs
export const CSR_FFLAGS = 0x001;
export const CSR_FRM = 0x002;
export const CSR_FCSR = 0x003;
// Unprivileged counters (Zicntr)
export const CSR_CYCLE = 0xc00;
export const CSR_TIME = 0xc01;
export const CSR_INSTRET = 0xc02;
export const CSR_HPMCOUNTER3 = 0xc03;   // ..0xc1f: hpmcounter3..31 (read as zero, gated like the others)
export const CSR_HPMCOUNTER31 = 0xc1f;
// Supervisor
export const CSR_SSTATUS = 0x100;
export const CSR_SIE = 0x104;
export const CSR_STVEC = 0x105;
export const CSR_SCOUNTEREN = 0x106;
export const CSR_SENVCFG = 0x10a;
export const CSR_SSCRATCH = 0x140;
export const CSR_SEPC = 0x141;
export const CSR_SCAUSE = 0x142;
export const CSR_STVAL = 0x143;
export const CSR_SIP = 0x144;
export const CSR_STIMECMP = 0x14d;
export const CSR_SATP = 0x180;
// Machine information
export const CSR_MVENDORID = 0xf11;
export const CSR_MARCHID = 0xf12;
export const CSR_MIMPID = 0xf13;
export const CSR_MHARTID = 0xf14;
export const CSR_MCONFIGPTR = 0xf15;
// Machine trap setup and handling
export const CSR_MSTATUS = 0x300;
export const CSR_MISA = 0x301;
export const CSR_MEDELEG = 0x302;
export const CSR_MIDELEG = 0x303;
export const CSR_MIE = 0x304;
export const CSR_MTVEC = 0x305;
export const CSR_MCOUNTEREN = 0x306;
export const CSR_MENVCFG = 0x30a;
export const CSR_MCOUNTINHIBIT = 0x320;
export const CSR_MSCRATCH = 0x340;
export const CSR_MEPC = 0x341;
export const CSR_MCAUSE = 0x342;
export const CSR_MTVAL = 0x343;
export const CSR_MIP = 0x344;
export const CSR_MTINST = 0x34a;
export const CSR_MTVAL2 = 0x34b;
// Physical memory protection
export const CSR_PMPCFG0 = 0x3a0;
export const CSR_PMPCFG15 = 0x3af;
export const CSR_PMPADDR0 = 0x3b0;
export const CSR_PMPADDR63 = 0x3ef;
// Machine counters
export const CSR_MCYCLE = 0xb00;
export const CSR_MINSTRET = 0xb02;
export const CSR_MHPMCOUNTER3 = 0xb03;
export const CSR_MHPMCOUNTER31 = 0xb1f;
export const CSR_MHPMEVENT3 = 0x323;
export const CSR_MHPMEVENT31 = 0x33f;
// Debug/trace trigger CSRs (no triggers implemented: tselect reads as 0 and writes are ignored)
export const CSR_TSELECT = 0x7a0;
export const CSR_TDATA1 = 0x7a1;
export const CSR_TDATA2 = 0x7a2;
export const CSR_TDATA3 = 0x7a3;

// mstatus / sstatus fields (bit masks for the low word)
export const MSTATUS_SIE = 1 << 1;
export const MSTATUS_MIE = 1 << 3;
export const MSTATUS_SPIE = 1 << 5;
export const MSTATUS_UBE = 1 << 6;
export const MSTATUS_MPIE = 1 << 7;
export const MSTATUS_SPP = 1 << 8;
export const MSTATUS_VS = 3 << 9;
export const MSTATUS_MPP = 3 << 11;
export const MSTATUS_FS = 3 << 13;
export const MSTATUS_XS = 3 << 15;
export const MSTATUS_MPRV = 1 << 17;
export const MSTATUS_SUM = 1 << 18;
export const MSTATUS_MXR = 1 << 19;
export const MSTATUS_TVM = 1 << 20;
export const MSTATUS_TW = 1 << 21;
export const MSTATUS_TSR = 1 << 22;
export const MSTATUS_MPP_SHIFT = 11;
export const MSTATUS_FS_SHIFT = 13;
export const MSTATUS_UXL_SHIFT = 32;   // 2 bits, read-only 2 (64-bit)
export const MSTATUS_SXL_SHIFT = 34;   // 2 bits, read-only 2 (64-bit)
export const MSTATUS_SBE_SHIFT = 36;
export const MSTATUS_MBE_SHIFT = 37;
export const MSTATUS_SD_SHIFT = 63;

// mstatus.FS values
export const FS_OFF = 0;
export const FS_INITIAL = 1;
export const FS_CLEAN = 2;
export const FS_DIRTY = 3;

// Privilege levels
export const PRV_U = 0;
export const PRV_S = 1;
export const PRV_M = 3;

// Interrupt numbers (bit positions in mip / mie)
export const IRQ_S_SOFT = 1;
export const IRQ_M_SOFT = 3;
export const IRQ_S_TIMER = 5;
export const IRQ_M_TIMER = 7;
export const IRQ_S_EXT = 9;
export const IRQ_M_EXT = 11;
export const MIP_SSIP = 1 << IRQ_S_SOFT;
export const MIP_MSIP = 1 << IRQ_M_SOFT;
export const MIP_STIP = 1 << IRQ_S_TIMER;
export const MIP_MTIP = 1 << IRQ_M_TIMER;
export const MIP_SEIP = 1 << IRQ_S_EXT;
export const MIP_MEIP = 1 << IRQ_M_EXT;

// satp (Sv39): MODE in bits 63:60, ASID in 59:44, PPN in 43:0
export const SATP_MODE_SHIFT = 60;
export const SATP_ASID_SHIFT = 44;
export const SATP_ASID_BITS = 16;
export const SATP_PPN_BITS = 44;
export const SATP_MODE_BARE = 0;
export const SATP_MODE_SV39 = 8;

// menvcfg fields: FIOM bit 0, CBIE 5:4, CBCFE 6, CBZE 7, ADUE bit 61 (Svadu), PBMTE 62, STCE 63 (Sstc)
export const MENVCFG_FIOM = 1;
export const MENVCFG_ADUE_SHIFT = 61;
export const MENVCFG_PBMTE_SHIFT = 62;
export const MENVCFG_STCE_SHIFT = 63;

// fcsr fields
export const FCSR_FFLAGS_MASK = 0x1f;
export const FCSR_FRM_SHIFT = 5;
export const FCSR_FRM_MASK = 0x7 << 5;
export const FFLAG_NX = 1;   // inexact
export const FFLAG_UF = 2;   // underflow
export const FFLAG_OF = 4;   // overflow
export const FFLAG_DZ = 8;   // divide by zero
export const FFLAG_NV = 16;  // invalid
