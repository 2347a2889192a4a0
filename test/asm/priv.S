/* Privilege transitions: mret/sret field updates (xIE <- xPIE, xPIE <- 1, xPP <- U, MPRV cleared
 * when returning below M), trap entry into M and into S (xPP, xPIE, xIE), exception delegation
 * with medeleg (scause/sepc/stval, traps from M never delegated), and mstatus.TSR/TVM/TW. */
#include "env.h"
  .option norvc
#define MPP_SHIFT 11
#ifdef HARTNET_QEMU
/* QEMU 7.2 difference: mret/sret to S or U leave mstatus.MPRV set; privileged spec 1.12 says
 * "If xPP != M, xRET also sets MPRV = 0" (hartnet does). */
#define MPRV_AFTER_XRET MSTATUS_MPRV
#else
#define MPRV_AFTER_XRET 0
#endif
TEST_BEGIN
  /* ---- mret to M pops the stack: MIE <- MPIE, MPIE <- 1, MPP <- U ---- */
  li t0, MSTATUS_MPP_M | MSTATUS_MPIE
  csrs mstatus, t0
  li t0, MSTATUS_MIE
  csrc mstatus, t0
  la t0, 1f
  csrw mepc, t0
  mret
1:
  csrr a0, mstatus
  li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  and a0, a0, t0
  CHECK_EQ a0, MSTATUS_MIE | MSTATUS_MPIE
  li t0, MSTATUS_MPP_M | MSTATUS_MIE
  csrs mstatus, t0
  li t0, MSTATUS_MPIE
  csrc mstatus, t0
  la t0, 1f
  csrw mepc, t0
  mret
1:
  csrr a0, mstatus
  li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  and a0, a0, t0
  CHECK_EQ a0, MSTATUS_MPIE               /* MIE was 1, MPIE 0: now MIE 0, MPIE 1 */
  /* ---- mret to S, then to U: the new mode shows in the ecall cause ---- */
  ENTER_S
  EXPECT_TRAP CAUSE_SUPERVISOR_ECALL, ecall
  BACK_TO_M
  ENTER_U
  EXPECT_TRAP CAUSE_USER_ECALL, ecall
  BACK_TO_M
  /* ---- MPRV: kept by mret to M, cleared by mret to S or U ---- */
  li t0, MSTATUS_MPRV | MSTATUS_MPP_M
  csrs mstatus, t0
  la t0, 1f
  csrw mepc, t0
  mret
1:
  csrr a0, mstatus
  li t0, MSTATUS_MPRV
  and a0, a0, t0
  CHECK_EQ a0, MSTATUS_MPRV
  csrc mstatus, t0
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  ENTER_S                                  /* mret with MPP = S */
  BACK_TO_M
  csrr a0, mstatus
  li t0, MSTATUS_MPRV
  and a0, a0, t0
  CHECK_EQ a0, MPRV_AFTER_XRET
  li t0, MSTATUS_MPRV
  csrs mstatus, t0
  ENTER_U
  BACK_TO_M
  csrr a0, mstatus
  li t0, MSTATUS_MPRV
  and a0, a0, t0
  CHECK_EQ a0, MPRV_AFTER_XRET
  csrc mstatus, t0
  /* ---- trap entry into M: MPP = previous mode, MPIE = MIE, MIE = 0 ---- */
  li t0, MSTATUS_MIE
  csrs mstatus, t0
  la t0, .Lchk_m
  csrw mtvec, t0
  ecall
.Lchk_m_back:
  la t0, env_trap_m
  csrw mtvec, t0
  li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
  and a0, s0, t0
  CHECK_EQ a0, MSTATUS_MPIE | MSTATUS_MPP_M
  csrci mstatus, MSTATUS_MIE

  /* ---- sret (executed in M) to S: SIE <- SPIE, SPIE <- 1, SPP <- U; clears MPRV ---- */
  li t0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_MPRV
  csrs mstatus, t0
  li t0, MSTATUS_SIE
  csrc mstatus, t0
  la t0, 1f
  csrw sepc, t0
  sret
1:
  csrr a0, sstatus                         /* now in S */
  li t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
  and a0, a0, t0
  CHECK_EQ a0, MSTATUS_SIE | MSTATUS_SPIE
  EXPECT_TRAP CAUSE_SUPERVISOR_ECALL, ecall
  csrci sstatus, MSTATUS_SIE
  /* sret from S to U */
  li t0, MSTATUS_SPP
  csrc sstatus, t0
  la t0, 2f
  csrw sepc, t0
  sret
2:
  EXPECT_TRAP CAUSE_USER_ECALL, ecall
  BACK_TO_M
  csrr a0, mstatus
  li t0, MSTATUS_MPRV
  and a0, a0, t0
  CHECK_EQ a0, MPRV_AFTER_XRET
  csrc mstatus, t0

  /* ---- delegation: illegal instruction and ecall-from-U to S ---- */
  li t0, (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_USER_ECALL) | (1 << CAUSE_BREAKPOINT)
  csrw medeleg, t0
  csrr a0, medeleg
  CHECK_EQR a0, t0
  /* from M: never delegated */
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, .word 0x0000000b
  CHECK_EQ s8, PRV_M
  ENTER_U
  la t0, .Lill_u
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0x0000000b, .Lill_u: .word 0x0000000b
  CHECK_EQ s8, PRV_S                       /* handled by the S handler */
  CHECK_EQ s7, PRV_U                       /* SPP = U */
  CHECK_EQR s9, t0                         /* sepc */
  la t0, .Lecall_u
  EXPECT_TRAP_TVAL CAUSE_USER_ECALL, 0, .Lecall_u: ecall
  CHECK_EQ s8, PRV_S
  CHECK_EQR s9, t0
  EXPECT_TRAP CAUSE_BREAKPOINT, ebreak
  CHECK_EQ s8, PRV_S
  EXPECT_TRAP CAUSE_LOAD_ACCESS, lb a0, 0(zero)   /* not delegated: M */
  CHECK_EQ s8, PRV_M
  CHECK_EQ s7, PRV_U
  BACK_TO_M                                /* (through the S handler) */
  csrr a0, mstatus
  srli a0, a0, MPP_SHIFT
  andi a0, a0, 3
  CHECK_EQ a0, PRV_U
  ENTER_S
  /* S-mode trap entry into S: SPP = S, SPIE = SIE, SIE = 0 */
  csrsi sstatus, MSTATUS_SIE
  la t0, .Lchk_s
  csrw stvec, t0
  .word 0x0000000b
.Lchk_s_back:
  la t0, env_trap_s
  csrw stvec, t0
  li t0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
  and a0, s0, t0
  CHECK_EQ a0, MSTATUS_SPIE | MSTATUS_SPP
  csrr a0, scause
  CHECK_EQ a0, CAUSE_ILLEGAL_INSTRUCTION
  csrr a0, stval
  CHECK_EQ a0, 0x0000000b
  csrci sstatus, MSTATUS_SIE
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, .word 0x0000000b
  CHECK_EQ s8, PRV_S
  CHECK_EQ s7, PRV_S
  EXPECT_TRAP CAUSE_SUPERVISOR_ECALL, ecall   /* bit 9 not delegated */
  CHECK_EQ s8, PRV_M
  BACK_TO_M
  csrw medeleg, zero

  /* ---- TSR, TVM, TW ---- */
  li t0, MSTATUS_TSR
  csrs mstatus, t0
  ENTER_S
  la t0, 1f
  csrw sepc, t0
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, sret
  CHECK_EQ s8, PRV_M
1:
  BACK_TO_M
  li t0, MSTATUS_TSR
  csrc mstatus, t0
  li t0, MSTATUS_TVM
  csrs mstatus, t0
  ENTER_S
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrr a0, satp
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrw satp, zero
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, sfence.vma
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, sfence.vma a0, a1
  BACK_TO_M
  EXPECT_NO_TRAP csrr a0, satp              /* M is not affected */
  EXPECT_NO_TRAP sfence.vma
  li t0, MSTATUS_TVM
  csrc mstatus, t0
  ENTER_S
  EXPECT_NO_TRAP csrr a0, satp
  EXPECT_NO_TRAP sfence.vma
  BACK_TO_M
  li t0, MSTATUS_TW
  csrs mstatus, t0
  ENTER_S
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, wfi
  BACK_TO_M
  ENTER_U
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, wfi
  BACK_TO_M
  li t0, MSTATUS_TW
  csrc mstatus, t0
TEST_END

/* Trap handlers that capture mstatus/sstatus at entry into s0, then resume after the trap. */
  .balign 4
.Lchk_m:
  csrr s0, mstatus
  la t0, .Lchk_m_back
  csrw mepc, t0
  mret
  .balign 4
.Lchk_s:
  csrr s0, sstatus
  la t0, .Lchk_s_back
  csrw sepc, t0
  sret
