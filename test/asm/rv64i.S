/* RV64I: every base instruction, in its 32-bit encoding, with edge values (sign extension,
 * shift amounts, x0 as destination, branch directions, load/store widths). */
#include "env.h"
  .option norvc
TEST_BEGIN
  /* ---- register-register ---- */
  TEST_RR add,  0x0000000100000000, 0x00000000ffffffff, 1
  TEST_RR add,  0, -1, 1
  TEST_RR add,  0x8000000000000000, 0x7fffffffffffffff, 1
  TEST_RR sub,  -1, 0, 1
  TEST_RR sub,  0x7fffffffffffffff, 0x8000000000000000, 1
  TEST_RR sll,  0x8000000000000000, 1, 63
  TEST_RR sll,  2, 1, 65                     /* only the low 6 bits of rs2 count */
  TEST_RR slt,  1, -1, 0
  TEST_RR slt,  0, 0, -1
  TEST_RR sltu, 0, -1, 0
  TEST_RR sltu, 1, 0, -1
  TEST_RR xor,  0xf0f0f0f00f0f0f0f, 0xff00ff00ff00ff00, 0x0ff00ff0f00ff00f
  TEST_RR srl,  1, 0x8000000000000000, 63
  TEST_RR srl,  0x4000000000000000, 0x8000000000000000, 65
  TEST_RR sra,  -1, 0x8000000000000000, 63
  TEST_RR sra,  0xc000000000000000, 0x8000000000000000, 1
  TEST_RR or,   0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f
  TEST_RR and,  0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f
  /* ---- word register-register: 32-bit result sign-extended ---- */
  TEST_RR addw, 0xffffffff80000000, 0x7fffffff, 1
  TEST_RR addw, 0, 0xffffffff, 1
  TEST_RR addw, 0x12345678, 0xabcdef0012345678, 0
  TEST_RR subw, 0x7fffffff, 0x80000000, 1
  TEST_RR subw, -1, 0, 1
  TEST_RR sllw, 0xffffffff80000000, 1, 31
  TEST_RR sllw, 2, 1, 33                      /* low 5 bits of rs2 */
  TEST_RR srlw, 1, 0x80000000, 31
  TEST_RR srlw, 0x7fffffff, 0xffffffffffffffff, 1
  TEST_RR sraw, -1, 0x80000000, 31
  TEST_RR sraw, 0xffffffffc0000000, 0x80000000, 33
  /* ---- immediates ---- */
  TEST_RI addi, 0x7ff, 0, 2047
  TEST_RI addi, -2048, 0, -2048
  TEST_RI addi, 0, 1, -1
  TEST_RI slti, 1, -5, -4
  TEST_RI slti, 0, 5, -4
  TEST_RI sltiu, 1, 5, -1                      /* immediate sign-extended then unsigned */
  TEST_RI sltiu, 0, -1, 5
  TEST_RI xori, 0xffffffffffffff00, 0xff, -1
  TEST_RI ori,  0xfffffffffffff80f, 0x0f, -2048
  TEST_RI andi, 0x7f0, 0x123457f0, 0x7ff
  TEST_RI andi, 0x12345000, 0x12345678, -2048
  TEST_RI slli, 0x8000000000000000, 1, 63
  TEST_RI srli, 1, 0x8000000000000000, 63
  TEST_RI srai, -1, 0x8000000000000000, 63
  TEST_RI srai, 0x0123456789abcdef, 0x0123456789abcdef, 0
  TEST_RI addiw, 0xffffffff80000000, 0x7fffffff, 1
  TEST_RI addiw, 0x7fffffff, 0xffffffff7fffffff, 0
  TEST_RI slliw, 0xffffffff80000000, 1, 31
  TEST_RI srliw, 1, 0xffffffff80000000, 31
  TEST_RI srliw, 0xffffffff80000000, 0x80000000, 0   /* srliw by 0 sign-extends bit 31 */
  TEST_RI sraiw, -1, 0x80000000, 31
  TEST_RI sraiw, 0x7ffffff, 0xffffffff7ffffff0, 4
  /* ---- lui / auipc ---- */
  lui a0, 0x80000
  CHECK_EQ a0, 0xffffffff80000000
  lui a0, 0x7ffff
  CHECK_EQ a0, 0x7ffff000
1:
  auipc a0, 0
  la a1, 1b
  CHECK_EQR a0, a1
2:
  auipc a0, 1
  la a1, 2b
  li a2, 4096
  add a1, a1, a2
  CHECK_EQR a0, a1
  /* ---- x0 is hard-wired to zero ---- */
  li a1, 5
  addi x0, a1, 1
  add x0, a1, a1
  lui x0, 0x12345
  CHECK_EQ x0, 0
  /* ---- jal / jalr ---- */
  jal ra, 3f
4:
  j 5f
3:
  la a0, 4b
  CHECK_EQR ra, a0                  /* link = pc + 4 */
  jalr x0, 0(ra)
5:
  la a1, 6f
  addi a1, a1, 1                    /* jalr clears bit 0 of the target */
  jalr ra, -1(a1)
.Lret1:
  FAIL_HERE
6:
  la a0, .Lret1
  CHECK_EQR ra, a0
  la a1, 7f
  jalr a1, 0(a1)                    /* rd == rs1: target uses the old value */
.Lret2:
  FAIL_HERE
7:
  la a0, .Lret2
  CHECK_EQR a1, a0
  jal x0, 8f
  FAIL_HERE
8:
  /* ---- branches: taken and not taken, signed vs unsigned ---- */
  li a1, -1
  li a2, 1
  CHECK_NEXT
  beq a1, a1, 9f
  j env_fail
9:
  beq a1, a2, env_fail_far
  CHECK_NEXT
  bne a1, a2, 9f
  j env_fail
9:
  bne a1, a1, env_fail_far
  CHECK_NEXT
  blt a1, a2, 9f                    /* -1 < 1 signed */
  j env_fail
9:
  blt a2, a1, env_fail_far
  blt a1, a1, env_fail_far
  CHECK_NEXT
  bge a2, a1, 9f
  j env_fail
9:
  CHECK_NEXT
  bge a1, a1, 9f                    /* equal: taken */
  j env_fail
9:
  bge a1, a2, env_fail_far
  CHECK_NEXT
  bltu a2, a1, 9f                   /* 1 < 0xfff..f unsigned */
  j env_fail
9:
  bltu a1, a2, env_fail_far
  CHECK_NEXT
  bgeu a1, a2, 9f
  j env_fail
9:
  CHECK_NEXT
  bgeu a2, a2, 9f
  j env_fail
9:
  bgeu a2, a1, env_fail_far
  /* backward branch loop */
  li a0, 0
  li a1, 10
9:
  addi a0, a0, 1
  blt a0, a1, 9b
  CHECK_EQ a0, 10
  /* ---- loads: widths and sign/zero extension ---- */
  la s0, data
  lb a0, 0(s0)
  CHECK_EQ a0, 0xfffffffffffffff0
  lbu a0, 0(s0)
  CHECK_EQ a0, 0xf0
  lb a0, 1(s0)
  CHECK_EQ a0, 0x0f
  lh a0, 2(s0)
  CHECK_EQ a0, 0xffffffffffff8001
  lhu a0, 2(s0)
  CHECK_EQ a0, 0x8001
  lw a0, 4(s0)
  CHECK_EQ a0, 0xffffffff80000002
  lwu a0, 4(s0)
  CHECK_EQ a0, 0x80000002
  ld a0, 8(s0)
  CHECK_EQ a0, 0x0123456789abcdef
  addi s1, s0, 16
  ld a0, -8(s1)                     /* negative offset */
  CHECK_EQ a0, 0x0123456789abcdef
  /* ---- stores: only the addressed bytes change ---- */
  la s0, scratch
  li a0, -1
  sd a0, 0(s0)
  sb zero, 1(s0)
  ld a1, 0(s0)
  CHECK_EQ a1, 0xffffffffffff00ff
  li a0, 0x1234
  sh a0, 2(s0)
  ld a1, 0(s0)
  CHECK_EQ a1, 0xffffffff123400ff
  li a0, 0xdeadbeefcafef00d
  sw a0, 4(s0)
  ld a1, 0(s0)
  CHECK_EQ a1, 0xcafef00d123400ff
  sd a0, 8(s0)
  ld a1, 8(s0)
  CHECK_EQ a1, 0xdeadbeefcafef00d
  li a0, 0x55
  sb a0, 15(s0)
  ld a1, 8(s0)
  CHECK_EQ a1, 0x55adbeefcafef00d
  /* load into x0 has no effect on x0 */
  ld x0, 8(s0)
  CHECK_EQ x0, 0
  /* ---- fences and hints execute as no-ops ---- */
  fence
  fence rw, rw
  fence.tso
  fence iorw, iorw
  .word 0x0100000f                  /* pause (fence w,0) */
  addi x0, x0, 0                    /* nop */
  slli x0, a0, 3                    /* hint */
  li a0, 7
  CHECK_EQ a0, 7
  /* ---- ecall / ebreak trap (causes and tval are checked in traps.S) ---- */
  EXPECT_TRAP CAUSE_MACHINE_ECALL, ecall
  EXPECT_TRAP CAUSE_BREAKPOINT, ebreak
TEST_END

env_fail_far:
  j env_fail

  .data
  .balign 8
data:
  .byte 0xf0, 0x0f
  .half 0x8001
  .word 0x80000002
  .dword 0x0123456789abcdef
scratch:
  .zero 16
