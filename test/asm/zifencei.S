/* Zifencei: self-modifying code. Run a routine (so any decode cache holds it), overwrite its
 * instructions with stores, fence.i, run it again and see the new instructions execute;
 * both 32-bit and compressed instructions, and code in .text as well as in .data. */
#include "env.h"
  .option norvc
#define ADDI_A0_X0(imm)  (((imm) << 20) | (10 << 7) | 0x13)   /* addi a0, x0, imm */
#define C_LI_A0(imm)     (0x4001 | (10 << 7) | (((imm) & 0x1f) << 2))  /* c.li a0, imm (0..31) */
TEST_BEGIN
  la s0, codebuf
  /* warm up: run the original three times */
  li s1, 3
1:
  jalr ra, 0(s0)
  addi s1, s1, -1
  bnez s1, 1b
  CHECK_EQ a0, 1
  /* patch the 32-bit instruction */
  li t0, ADDI_A0_X0(2)
  sw t0, 0(s0)
  fence.i
  jalr ra, 0(s0)
  CHECK_EQ a0, 2
  /* patch again, run in a loop: every iteration sees the newest code */
  li s1, 5
  li s2, 0
2:
  addi t0, s1, 100
  slli t0, t0, 20
  li t1, (10 << 7) | 0x13
  or t0, t0, t1
  sw t0, 0(s0)
  fence.i
  jalr ra, 0(s0)
  add s2, s2, a0
  addi s1, s1, -1
  bnez s1, 2b
  CHECK_EQ s2, 105 + 104 + 103 + 102 + 101
  /* replace a 32-bit instruction with two compressed ones (c.li a0, 7 ; c.nop) */
  li t0, C_LI_A0(7) | (0x0001 << 16)
  sw t0, 0(s0)
  fence.i
  jalr ra, 0(s0)
  CHECK_EQ a0, 7
  /* patch only the first halfword (compressed store granularity) */
  li t0, C_LI_A0(9)
  sh t0, 0(s0)
  fence.i
  jalr ra, 0(s0)
  CHECK_EQ a0, 9
  /* code in .text: patch the routine below */
  la s3, textfunc
  jalr ra, 0(s3)
  CHECK_EQ a0, 11
  li t0, ADDI_A0_X0(12)
  sw t0, 0(s3)
  fence.i
  jalr ra, 0(s3)
  CHECK_EQ a0, 12
  /* an instruction right after the patching store, on the same path, after fence.i */
  la s4, .Lpatched
  li t0, ADDI_A0_X0(13)
  sw t0, 0(s4)
  fence.i
.Lpatched:
  addi a0, x0, 0
  CHECK_EQ a0, 13
TEST_END

textfunc:
  addi a0, x0, 11
  ret

  .data
  .balign 4
codebuf:
  addi a0, x0, 1
  ret
