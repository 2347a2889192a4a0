/* RV64C: every compressed instruction of RV64GC written out explicitly (c.* mnemonics), with
 * immediates at their extremes, plus reserved encodings that must raise illegal-instruction.
 * (c.jal is RV32-only; on RV64 that encoding is c.addiw, tested here.) */
#include "env.h"
  .option rvc
TEST_BEGIN
  /* ---- C1 arithmetic ---- */
  c.li a0, 31
  CHECK_EQ a0, 31
  c.li a0, -32
  CHECK_EQ a0, -32
  c.addi a0, 31
  CHECK_EQ a0, -1
  c.addi a0, -32
  CHECK_EQ a0, -33
  c.nop
  li a0, 0x7fffffff
  c.addiw a0, 1
  CHECK_EQ a0, 0xffffffff80000000
  li a0, 0x100000005
  c.addiw a0, 0                       /* sext.w */
  CHECK_EQ a0, 5
  c.lui a0, 1
  CHECK_EQ a0, 0x1000
  c.lui a0, 0xfffe0                   /* nzimm[17:12] = 0x20 -> sign-extended */
  CHECK_EQ a0, 0xfffffffffffe0000
  c.lui a0, 0x1f
  CHECK_EQ a0, 0x1f000
  li a0, 0x8000000000000000
  c.srli a0, 63
  CHECK_EQ a0, 1
  li a0, 0x8000000000000000
  c.srai a0, 63
  CHECK_EQ a0, -1
  li a0, 0x8000000000000000
  c.srai a0, 1
  CHECK_EQ a0, 0xc000000000000000
  li a0, 0x123
  c.andi a0, -16
  CHECK_EQ a0, 0x120
  li a0, 0x123
  c.andi a0, 0x1f
  CHECK_EQ a0, 0x3
  li a0, 10
  li a1, 3
  c.sub a0, a1
  CHECK_EQ a0, 7
  c.xor a0, a1
  CHECK_EQ a0, 4
  c.or a0, a1
  CHECK_EQ a0, 7
  li a1, 0x12
  c.and a0, a1
  CHECK_EQ a0, 2
  li a0, 0x80000000
  li a1, 1
  c.subw a0, a1
  CHECK_EQ a0, 0x7fffffff
  c.addw a0, a1
  CHECK_EQ a0, 0xffffffff80000000
  /* ---- C2 arithmetic ---- */
  li a0, 1
  c.slli a0, 63
  CHECK_EQ a0, 0x8000000000000000
  li s2, 3
  c.slli s2, 4                        /* full register set */
  CHECK_EQ s2, 48
  c.mv a1, s2
  CHECK_EQ a1, 48
  li s3, 2
  c.add s3, a1
  CHECK_EQ s3, 50
  /* ---- stack pointer forms ---- */
  mv s5, sp
  la sp, stackarea
  c.addi16sp sp, 496
  la t0, stackarea + 496
  CHECK_EQR sp, t0
  c.addi16sp sp, -512
  la t0, stackarea - 16
  CHECK_EQR sp, t0
  la sp, stackarea
  c.addi4spn a0, sp, 1020
  la t0, stackarea + 1020
  CHECK_EQR a0, t0
  c.addi4spn a0, sp, 4
  la t0, stackarea + 4
  CHECK_EQR a0, t0
  li t1, 0x1122334455667788
  c.sdsp t1, 504(sp)
  c.ldsp t2, 504(sp)
  CHECK_EQR t2, t1
  c.swsp t1, 252(sp)
  c.lwsp t2, 252(sp)
  CHECK_EQ t2, 0x55667788
  li t1, 0x80000001
  c.swsp t1, 0(sp)
  c.lwsp t2, 0(sp)
  CHECK_EQ t2, 0xffffffff80000001     /* c.lwsp sign-extends */
  c.sdsp t1, 0(sp)
  c.ldsp t3, 0(sp)
  CHECK_EQ t3, 0x80000001
  /* ---- register-based loads/stores (x8-x15) ---- */
  la s0, stackarea
  li a2, 0xcafebabedeadbeef
  c.sd a2, 248(s0)
  c.ld a3, 248(s0)
  CHECK_EQR a3, a2
  c.sw a2, 124(s0)
  c.lw a3, 124(s0)
  CHECK_EQ a3, 0xffffffffdeadbeef
  c.sw a2, 0(s0)
  c.ld a4, 0(s0)
  li t0, 0xffffffff
  and a4, a4, t0
  CHECK_EQ a4, 0xdeadbeef
  /* ---- floating-point loads/stores ---- */
  li t1, 0x400921fb54442d18           /* pi */
  fmv.d.x fa0, t1
  c.fsd fa0, 248(s0)
  c.fld fa1, 248(s0)
  fmv.x.d a0, fa1
  CHECK_EQR a0, t1
  ld a0, 248(s0)
  CHECK_EQR a0, t1
  c.fsdsp fa0, 504(sp)
  c.fldsp fa2, 504(sp)
  fmv.x.d a0, fa2
  CHECK_EQR a0, t1
  ld a0, 504(sp)
  CHECK_EQR a0, t1
  mv sp, s5
  /* ---- control transfer ---- */
  li a0, 0
  c.beqz a0, 1f
  j env_fail
1:
  c.bnez a0, env_fail_near
  li a0, 1
  c.beqz a0, env_fail_near
  c.bnez a0, 2f
  j env_fail
2:
  c.j 3f
  j env_fail
3:
  la t0, 4f
  c.jr t0
  j env_fail
4:
  la t0, 5f
  c.jalr t0
.Lcret:
  j 6f
5:
  la t1, .Lcret                         /* c.jalr links pc + 2 */
  CHECK_EQR ra, t1
  c.jr ra
6:
  /* c.jalr with rs1 == ra: target is the old ra */
  la ra, 7f
  c.jalr ra
.Lcret2:
  j env_fail
7:
  la t1, .Lcret2
  CHECK_EQR ra, t1
  /* ---- c.ebreak ---- */
  la t0, .Lcebreak
  EXPECT_TRAP CAUSE_BREAKPOINT, .Lcebreak: c.ebreak
  CHECK_EQR s9, t0
#ifdef HARTNET_QEMU
  CHECK_EQ s11, 0                       /* QEMU 7.2: mtval 0 for ebreak (see traps.S) */
#else
  CHECK_EQR s11, t0                     /* hartnet: mtval = pc for ebreak, as Spike */
#endif
  /* ---- reserved encodings raise illegal-instruction with tval = the 16 instruction bits ---- */
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0, .half 0x0000        /* all zeros */
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0x0004, .half 0x0004   /* c.addi4spn nzuimm=0 */
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0x6501, .half 0x6501   /* c.lui a0, 0 */
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0x6101, .half 0x6101   /* c.addi16sp 0 */
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0x2001, .half 0x2001   /* c.addiw x0 */
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0x4002, .half 0x4002   /* c.lwsp x0 */
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0x6002, .half 0x6002   /* c.ldsp x0 */
  EXPECT_TRAP_TVAL CAUSE_ILLEGAL_INSTRUCTION, 0x8002, .half 0x8002   /* c.jr x0 */
  /* HINTs execute as no-ops: c.nop with imm, c.addi x0, c.li x0, c.mv x0, c.add x0 */
  li a0, 5
  .half 0x0005                        /* c.nop 1 */
  .half 0x4005                        /* c.li x0, 1 */
  .half 0x802a                        /* c.mv x0, a0 */
  .half 0x902a                        /* c.add x0, a0 */
  CHECK_EQ a0, 5
  CHECK_EQ x0, 0
TEST_END

env_fail_near:
  j env_fail

  .data
  .balign 16
  .zero 64
stackarea:
  .zero 1040
