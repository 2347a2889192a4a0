/* Interrupts: MSIP through the CLINT, MTIP through mtimecmp, STIP through stimecmp (Sstc,
 * menvcfg.STCE = 1) and through M writing mip.STIP, SSIP, SEIP written by M; the priority order
 * MEI > MSI > MTI > SEI > SSI > STI (MEI needs an external interrupt controller: not tested);
 * the enable rules (an interrupt for a more privileged mode is taken regardless of that mode's
 * xIE, one for a less privileged mode never, one for the current mode only if xIE); delegation
 * with mideleg; wfi waking with interrupts globally disabled.
 * qemu-machine: virt (QEMU's spike machine has no time CSR and so no Sstc). */
#include "env.h"
  .option norvc

/* Spin until s10 == \cause (interrupt taken) or about 10^6 iterations, then check. */
.macro WAIT_IRQ cause
  li t5, 1000000
.Lw\@:
  li t6, \cause
  beq s10, t6, .Ld\@
  addi t5, t5, -1
  bnez t5, .Lw\@
.Ld\@:
  CHECK_EQ s10, \cause
.endm

.macro RESET_LOG
  la t0, env_irq_log
  sd zero, 0(t0)
  li s10, -1
.endm

/* Back in M with both global enables off (xRET may have restored SIE/MIE from xPIE). */
.macro BACK_TO_M_QUIET
  BACK_TO_M
  csrci mstatus, MSTATUS_SIE | MSTATUS_MIE
.endm

TEST_BEGIN
  li s0, CLINT_MSIP
  li s1, CLINT_MTIMECMP
  li s2, CLINT_MTIME
  li t0, -1
  sd t0, 0(s1)                               /* no timer */
  RESET_LOG
  /* ---- MSIP: pending in mip, not taken while MIE = 0, taken when MIE = 1 ---- */
  li t0, 1
  sw t0, 0(s0)
  li t0, MIP_MSIP
  csrw mie, t0
  csrr a0, mip
  andi a0, a0, MIP_MSIP
  CHECK_EQ a0, MIP_MSIP
  EXPECT_NO_TRAP nop
  EXPECT_NO_TRAP wfi                         /* pending + enabled in mie: wfi returns, no trap */
  la s3, .Lmsi_at
  csrsi mstatus, MSTATUS_MIE
.Lmsi_at:
  nop
  csrci mstatus, MSTATUS_MIE
  CHECK_EQ s10, CAUSE_IRQ(IRQ_M_SOFT)
  CHECK_EQR s9, s3                           /* mepc = the next instruction to execute */
  CHECK_EQ s11, 0                            /* mtval = 0 for interrupts */
  sw zero, 0(s0)
  csrr a0, mip
  andi a0, a0, MIP_MSIP
  CHECK_EQ a0, 0
  /* ---- MTIP from mtimecmp ---- */
  li s10, -1
  ld t0, 0(s2)
  addi t0, t0, 20
  sd t0, 0(s1)
  li t0, MIP_MTIP
  csrw mie, t0
  csrsi mstatus, MSTATUS_MIE
  wfi
  WAIT_IRQ CAUSE_IRQ(IRQ_M_TIMER)
  csrci mstatus, MSTATUS_MIE
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK_EQ a0, MIP_MTIP                      /* still pending until mtimecmp moves */
  li t0, -1
  sd t0, 0(s1)
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  CHECK_EQ a0, 0
  /* ---- wfi with MIE = 0 wakes on a pending enabled interrupt and does not trap ---- */
  ld t0, 0(s2)
  addi t0, t0, 20
  sd t0, 0(s1)
  li t0, MIP_MTIP
  csrw mie, t0
  mv t1, s6
  li t5, 100
1:
  wfi
  csrr a0, mip
  andi a0, a0, MIP_MTIP
  bnez a0, 2f
  addi t5, t5, -1
  bnez t5, 1b
2:
  CHECK_EQ a0, MIP_MTIP
  CHECK_EQR t1, s6
  li t0, -1
  sd t0, 0(s1)
  csrw mie, zero
  /* ---- M interrupts are taken in S and U whatever mstatus.MIE ---- */
  li t0, MIP_MSIP
  csrw mie, t0
  ENTER_S
  li s10, -1
  li t0, 1
  sw t0, 0(s0)                               /* S writes the CLINT (physical, Bare) */
  WAIT_IRQ CAUSE_IRQ(IRQ_M_SOFT)
  CHECK_EQ s7, PRV_S
  CHECK_EQ s8, PRV_M
  sw zero, 0(s0)
  BACK_TO_M_QUIET
  li t0, MIP_MSIP
  csrw mie, t0
  ENTER_U
  li s10, -1
  li t0, 1
  sw t0, 0(s0)
  WAIT_IRQ CAUSE_IRQ(IRQ_M_SOFT)
  CHECK_EQ s7, PRV_U
  sw zero, 0(s0)
  BACK_TO_M_QUIET
  /* ---- an S interrupt not delegated goes to M ---- */
  li s10, -1
  li t0, MIP_STIP
  csrw mie, t0
  csrs mip, t0
  csrsi mstatus, MSTATUS_MIE
  WAIT_IRQ CAUSE_IRQ(IRQ_S_TIMER)
  CHECK_EQ s8, PRV_M
  csrci mstatus, MSTATUS_MIE
  li t0, MIP_STIP
  csrc mip, t0

  /* ---- delegated S interrupts ---- */
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrw mideleg, t0
  csrw mie, t0
  /* SSIP pending in M-mode, even with SIE = 1 and MIE = 1: never taken in M */
  li s10, -1
  csrsi mstatus, MSTATUS_SIE | MSTATUS_MIE
  csrsi mip, MIP_SSIP
  EXPECT_NO_TRAP nop
  csrci mstatus, MSTATUS_SIE | MSTATUS_MIE
  /* in S with SIE = 0: not taken; with SIE = 1: taken by the S handler */
  ENTER_S
  EXPECT_NO_TRAP nop
  csrsi sstatus, MSTATUS_SIE
  WAIT_IRQ CAUSE_IRQ(IRQ_S_SOFT)
  CHECK_EQ s8, PRV_S
  CHECK_EQ s7, PRV_S
  csrci sstatus, MSTATUS_SIE
  csrci sip, MIP_SSIP
  csrr a0, sip
  CHECK_EQ a0, 0
  csrsi sie, MIP_SSIP
  /* in U with SIE = 0: taken (S is more privileged than U) */
  csrsi sip, MIP_SSIP
  li t0, MSTATUS_SPP
  csrc sstatus, t0
  la t0, 1f
  csrw sepc, t0
  li s10, -1
  sret
1:
  WAIT_IRQ CAUSE_IRQ(IRQ_S_SOFT)
  CHECK_EQ s7, PRV_U
  BACK_TO_M_QUIET
  csrci mip, MIP_SSIP
  /* STIP written by M (STCE = 0), delegated, taken in S */
  li t0, MENVCFG_STCE
  csrc menvcfg, t0
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrw mie, t0
  li t0, MIP_STIP
  csrs mip, t0
  ENTER_S
  li s10, -1
  csrsi sstatus, MSTATUS_SIE
  WAIT_IRQ CAUSE_IRQ(IRQ_S_TIMER)
  CHECK_EQ s8, PRV_S
  csrci sstatus, MSTATUS_SIE
  BACK_TO_M_QUIET
  li t0, MIP_STIP
  csrc mip, t0
  /* STIP from stimecmp (Sstc) */
  li t0, MENVCFG_STCE
  csrs menvcfg, t0
  li t0, -1
  csrw stimecmp, t0
  li t0, MIP_STIP
  csrs mip, t0                               /* read-only while STCE = 1 */
  csrr a0, mip
  andi a0, a0, MIP_STIP
  CHECK_EQ a0, 0
  li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
  csrw mie, t0
  li t0, 7                                   /* S may read time and program stimecmp (TM) */
  csrw mcounteren, t0
  ENTER_S
  li s10, -1
  rdtime t0
  addi t0, t0, 20
  csrw stimecmp, t0
  csrsi sstatus, MSTATUS_SIE
  WAIT_IRQ CAUSE_IRQ(IRQ_S_TIMER)
  CHECK_EQ s8, PRV_S
  csrci sstatus, MSTATUS_SIE
  csrr a0, sip
  andi a0, a0, MIP_STIP
  CHECK_EQ a0, MIP_STIP                      /* pending until stimecmp moves */
  li t0, -1
  csrw stimecmp, t0
  csrr a0, sip
  andi a0, a0, MIP_STIP
  CHECK_EQ a0, 0
  BACK_TO_M_QUIET
  /* stimecmp from S needs menvcfg.STCE */
  li t0, MENVCFG_STCE
  csrc menvcfg, t0
  ENTER_S
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrr a0, stimecmp
  BACK_TO_M_QUIET

  /* ---- priority among pending M-level interrupts: MSI > MTI > SEI > SSI > STI ---- */
  csrw mideleg, zero
  RESET_LOG
  li t0, 1
  sw t0, 0(s0)                               /* MSIP */
  sd zero, 0(s1)                             /* MTIP (mtimecmp = 0) */
  li t0, MIP_SEIP | MIP_SSIP | MIP_STIP
  csrs mip, t0
  li t0, MIP_MSIP | MIP_MTIP | MIP_SEIP | MIP_SSIP | MIP_STIP
  csrw mie, t0
  csrsi mstatus, MSTATUS_MIE                 /* the handler masks each in mie as it is taken */
  nop
  nop
  csrci mstatus, MSTATUS_MIE
  la s3, env_irq_log
  ld a0, 0(s3)
  CHECK_EQ a0, 5
#ifdef HARTNET_QEMU
  /* QEMU 7.2 difference: without AIA it takes the lowest-numbered pending interrupt first
   * (SSI, MSI, STI, MTI, SEI) instead of the spec's MEI > MSI > MTI > SEI > SSI > STI. */
#define PRIO1 IRQ_S_SOFT
#define PRIO2 IRQ_M_SOFT
#define PRIO3 IRQ_S_TIMER
#define PRIO4 IRQ_M_TIMER
#define PRIO5 IRQ_S_EXT
#define SPRIO1 IRQ_S_SOFT
#define SPRIO2 IRQ_S_TIMER
#define SPRIO3 IRQ_S_EXT
#else
#define PRIO1 IRQ_M_SOFT
#define PRIO2 IRQ_M_TIMER
#define PRIO3 IRQ_S_EXT
#define PRIO4 IRQ_S_SOFT
#define PRIO5 IRQ_S_TIMER
#define SPRIO1 IRQ_S_EXT
#define SPRIO2 IRQ_S_SOFT
#define SPRIO3 IRQ_S_TIMER
#endif
  ld a0, 8(s3)
  CHECK_EQ a0, CAUSE_IRQ(PRIO1)
  ld a0, 16(s3)
  CHECK_EQ a0, CAUSE_IRQ(PRIO2)
  ld a0, 24(s3)
  CHECK_EQ a0, CAUSE_IRQ(PRIO3)
  ld a0, 32(s3)
  CHECK_EQ a0, CAUSE_IRQ(PRIO4)
  ld a0, 40(s3)
  CHECK_EQ a0, CAUSE_IRQ(PRIO5)
  sw zero, 0(s0)
  li t0, -1
  sd t0, 0(s1)
  /* ---- the same among delegated S interrupts, taken in S: SEI > SSI > STI ---- */
  li t0, MIP_SEIP | MIP_SSIP | MIP_STIP
  csrw mideleg, t0
  csrs mip, t0
  csrw mie, t0
  RESET_LOG
  ENTER_S
  csrsi sstatus, MSTATUS_SIE
  nop
  nop
  csrci sstatus, MSTATUS_SIE
  BACK_TO_M_QUIET
  ld a0, 0(s3)
  CHECK_EQ a0, 3
  ld a0, 8(s3)
  CHECK_EQ a0, CAUSE_IRQ(SPRIO1)
  ld a0, 16(s3)
  CHECK_EQ a0, CAUSE_IRQ(SPRIO2)
  ld a0, 24(s3)
  CHECK_EQ a0, CAUSE_IRQ(SPRIO3)
  li t0, MIP_SEIP | MIP_SSIP | MIP_STIP
  csrc mip, t0
  csrw mie, zero
  csrw mideleg, zero
TEST_END
