/* Zicntr: cycle, time and instret count up (and their M aliases), and the mcounteren/scounteren
 * rules: from S a counter needs its mcounteren bit; from U it needs both mcounteren and scounteren;
 * otherwise illegal-instruction. qemu-machine: virt (QEMU's spike machine has no time CSR). */
#include "env.h"
  .option norvc
#define CY 1
#define TM 2
#define IR 4
TEST_BEGIN
  rdinstret a0
  nop
  nop
  nop
  nop
  rdinstret a1
  sub a2, a1, a0
  CHECK_EQ a2, 5                        /* four nops + the first rdinstret retired */
  rdcycle a0
  li t0, 100
1:
  addi t0, t0, -1
  bnez t0, 1b
  rdcycle a1
  CHECK_LTU a0, a1
  csrr a0, mcycle
  csrr a1, minstret
  csrr a2, cycle
  csrr a3, instret
  CHECK_LTU a1, a3
  /* time advances (hartnet: ~1 tick per 100 instructions; QEMU: real time) */
  rdtime a0
  li t0, 20000
1:
  addi t0, t0, -1
  bnez t0, 1b
  rdtime a1
  CHECK_LTU a0, a1
  /* time equals the CLINT's mtime (read both, time in between) */
  li t1, CLINT_MTIME
  ld a0, 0(t1)
  rdtime a1
  ld a2, 0(t1)
  CHECK_NEXT
  bltu a1, a0, env_fail_far
  bltu a2, a1, env_fail_far
  /* minstret is writable */
  csrw minstret, zero
  csrr a0, minstret
  li t0, 10
  CHECK_LTU a0, t0

  /* ---- counter enables ---- */
  csrw mcounteren, zero
  csrw scounteren, zero
  ENTER_S
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, rdcycle a0
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, rdtime a0
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, rdinstret a0
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, csrr a0, mcycle    /* M CSR anyway */
  BACK_TO_M
  li t0, CY | IR
  csrw mcounteren, t0
  ENTER_S
  EXPECT_NO_TRAP rdcycle a0
  EXPECT_NO_TRAP rdinstret a0
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, rdtime a0
  BACK_TO_M
  ENTER_U
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, rdcycle a0        /* scounteren = 0 */
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, rdinstret a0
  BACK_TO_M
  li t0, CY | TM
  csrw scounteren, t0
  ENTER_U
  EXPECT_NO_TRAP rdcycle a0                                 /* both enabled */
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, rdtime a0          /* mcounteren.TM = 0 */
  EXPECT_TRAP CAUSE_ILLEGAL_INSTRUCTION, rdinstret a0       /* scounteren.IR = 0 */
  BACK_TO_M
  li t0, CY | TM | IR
  csrw mcounteren, t0
  csrw scounteren, t0
  ENTER_U
  EXPECT_NO_TRAP rdcycle a0
  EXPECT_NO_TRAP rdtime a0
  EXPECT_NO_TRAP rdinstret a0
  rdinstret a0
  nop
  rdinstret a1
  sub a2, a1, a0
  CHECK_EQ a2, 2
  BACK_TO_M
  /* M-mode reads are never gated */
  csrw mcounteren, zero
  EXPECT_NO_TRAP rdcycle a0
  EXPECT_NO_TRAP rdtime a0
TEST_END

env_fail_far:
  j env_fail
