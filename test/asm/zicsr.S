/* Zicsr: the six CSR instructions (old value in rd, new value written), the x0 rules (csrrs/csrrc
 * with rs1 = x0 and the immediate forms with uimm = 0 do not write, so they may read read-only
 * CSRs), writes to read-only CSRs and unknown CSRs raising illegal-instruction with tval = the
 * instruction bits, privilege checks from S and U, the sstatus/sie/sip views, misa (read-only,
 * C stays on) and the machine id CSRs. */
#include "env.h"
  .option norvc
TEST_BEGIN
  csrr s5, sscratch                     /* sscratch is the S handler's pointer: restore at the end */
  /* ---- the six forms on sscratch ---- */
  li a1, 0x0f0f
  csrw sscratch, a1
  li a2, 0xff00
  csrrw a0, sscratch, a2
  CHECK_EQ a0, 0x0f0f
  csrr a0, sscratch
  CHECK_EQ a0, 0xff00
  li a2, 0x00f0
  csrrs a0, sscratch, a2
  CHECK_EQ a0, 0xff00
  csrr a0, sscratch
  CHECK_EQ a0, 0xfff0
  li a2, 0x0f00
  csrrc a0, sscratch, a2
  CHECK_EQ a0, 0xfff0
  csrr a0, sscratch
  CHECK_EQ a0, 0xf0f0
  csrrwi a0, sscratch, 31
  CHECK_EQ a0, 0xf0f0
  csrr a0, sscratch
  CHECK_EQ a0, 31
  csrrci a0, sscratch, 0x11
  CHECK_EQ a0, 31
  csrr a0, sscratch
  CHECK_EQ a0, 0x0e
  csrrsi a0, sscratch, 0x10
  CHECK_EQ a0, 0x0e
  csrr a0, sscratch
  CHECK_EQ a0, 0x1e
  /* rd == rs1: old value read, rs1 value written */
  li a0, 0x1234
  csrrw a0, sscratch, a0
  CHECK_EQ a0, 0x1e
  csrr a0, sscratch
  CHECK_EQ a0, 0x1234
  /* full 64-bit values */
  li a1, 0x8000000000000001
  csrw sscratch, a1
  csrr a0, sscratch
  CHECK_EQR a0, a1
  csrw sscratch, s5

  /* ---- x0 rules on a read-only CSR ---- */
  EXPECT_NO_TRAP csrrs a0, mhartid, x0
  CHECK_EQ a0, 0
  EXPECT_NO_TRAP csrrc a0, mvendorid, x0
  EXPECT_NO_TRAP csrrsi a0, marchid, 0
  EXPECT_NO_TRAP csrrci a0, mimpid, 0
  EXPECT_NO_TRAP csrrs x0, mhartid, x0
  /* any write attempt to a read-only CSR is illegal, even of an unchanged value */
  li a1, 0
  la t0, .Lro1
  lwu t1, 0(t0)
#ifdef HARTNET_QEMU
  /* QEMU 7.2 difference: csrrs/csrrc with rs1 != x0 holding 0 does not count as a write, so no
   * trap. The spec: such an instruction "will still attempt to write the unmodified value back". */
  EXPECT_NO_TRAP .Lro1: csrrs a0, mhartid, a1
#else
  EXPECT_TRAP_TVALR CAUSE_ILLEGAL_INSTRUCTION, t1, .Lro1: csrrs a0, mhartid, a1   /* rs1 != x0 */
#endif
  la t0, .Lro2
  lwu t1, 0(t0)
  EXPECT_TRAP_TVALR CAUSE_ILLEGAL_INSTRUCTION, t1, .Lro2: csrw mhartid, zero
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrrwi a0, mvendorid, 0
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrrsi a0, cycle, 1
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrrw x0, time, x0        /* csrrw writes even with x0 */
  /* unknown CSR numbers */
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrr a0, 0x0ff
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrw 0x5ff, a0
  la t0, .Lunk
  lwu t1, 0(t0)
  EXPECT_TRAP_TVALR CAUSE_ILLEGAL_INSTRUCTION, t1, .Lunk: csrrs a0, 0x3ff, x0

  /* ---- misa and ids ---- */
  csrr a0, misa
  srli a1, a0, 62
  CHECK_EQ a1, 2                        /* MXL = 64 */
  li t0, (1<<('I'-'A')) | (1<<('M'-'A')) | (1<<('A'-'A')) | (1<<('F'-'A')) | (1<<('D'-'A')) | (1<<('C'-'A')) | (1<<('S'-'A')) | (1<<('U'-'A'))
  and a1, a0, t0
  CHECK_EQR a1, t0
  li t0, 1 << ('C' - 'A')
  csrc misa, t0                         /* C cannot be turned off (misa is read-only on hartnet) */
  csrr a1, misa
  and a1, a1, t0
  CHECK_EQR a1, t0
  csrr a0, mhartid
  CHECK_EQ a0, 0

  /* ---- sstatus is a view of mstatus ---- */
  li t0, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SPP
  csrc mstatus, t0
  li t0, MSTATUS_SUM
  csrs sstatus, t0
  csrr a0, mstatus
  li t1, MSTATUS_SUM | MSTATUS_MXR
  and a0, a0, t1
  CHECK_EQ a0, MSTATUS_SUM
  li t0, MSTATUS_MXR
  csrs mstatus, t0
  csrr a0, sstatus
  and a0, a0, t1
  CHECK_EQ a0, MSTATUS_SUM | MSTATUS_MXR
  csrc mstatus, t1
  /* M-only fields are invisible in sstatus and cannot be written through it */
  li t0, MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_TVM
  csrs sstatus, t0
  csrr a0, sstatus
  and a0, a0, t0
  CHECK_EQ a0, 0
  csrr a0, mstatus
  li t0, MSTATUS_MPRV | MSTATUS_TVM
  and a0, a0, t0
  CHECK_EQ a0, 0
  /* sstatus.SD/FS: FS is visible */
  csrr a0, sstatus
  li t0, MSTATUS_FS
  and a0, a0, t0
  CHECK_NEXT
  beqz a0, env_fail_far

  /* ---- sie/sip are views of mie/mip restricted to delegated interrupts ---- */
  csrw mideleg, zero
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrs sie, t0
  csrr a0, sie
  CHECK_EQ a0, 0                        /* nothing delegated: sie reads zero, writes ignored */
  csrw mideleg, t0
  csrs sie, t0
  csrr a0, sie
  CHECK_EQ a0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrr a0, mie
  and a0, a0, t0
  CHECK_EQ a0, MIP_SSIP | MIP_STIP | MIP_SEIP
  li t1, MIP_MSIP | MIP_MTIP
  csrs sie, t1                          /* M bits not writable through sie */
  csrr a0, mie
  and a0, a0, t1
  CHECK_EQ a0, 0
  csrw mie, zero
  csrs sip, t0                          /* only SSIP is writable through sip */
  csrr a0, mip
  andi a0, a0, MIP_SSIP
  CHECK_EQ a0, MIP_SSIP
  csrc sip, t0
  csrr a0, mip
  andi a0, a0, MIP_SSIP
  CHECK_EQ a0, 0
  csrw mideleg, zero

  /* ---- privilege: M-level CSRs from S and U, S-level CSRs from U ---- */
  ENTER_S
  la t0, .Lpriv1
  lwu t1, 0(t0)
  EXPECT_TRAP_TVALR CAUSE_ILLEGAL_INSTRUCTION, t1, .Lpriv1: csrr a0, mstatus
  CHECK_EQ s8, PRV_M
  CHECK_EQ s7, PRV_S
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrw mscratch, a0
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mhartid
  EXPECT_NO_TRAP csrr a0, sstatus
  EXPECT_NO_TRAP csrw sscratch, s5
  BACK_TO_M
  ENTER_U
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrr a0, sstatus
  CHECK_EQ s7, PRV_U
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrw sscratch, a0
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrr a0, satp
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mepc
  BACK_TO_M
  csrr a0, mstatus
  srli a0, a0, 11
  andi a0, a0, 3
  CHECK_EQ a0, PRV_U                    /* mret (back to M) leaves MPP = U, the least privileged */
  csrw sscratch, s5
TEST_END

env_fail_far:
  j env_fail
