/*
 * hartnet's bare-metal test environment: constants and macros.
 *
 * Our own environment (not riscv-tests'): every test program is one .S file that
 *   #include "env.h"
 *   TEST_BEGIN
 *     ... checks ...
 *   TEST_END
 * and links with env/entry.S and link.ld.
 *
 * Register conventions inside test programs (the trap handlers rely on them):
 *   gp  (x3)  number of the current check; a failure reports it through tohost as (gp<<1)|1.
 *             CHECK_* macros set it automatically: check N is the N-th CHECK in the file
 *             (find it with `objdump -d X.elf | grep -n "li gp,N$"` or in the .lst file).
 *   tp  (x4)  resume address of an expected trap (EXPECT_TRAP sets it); 0 = no trap expected,
 *             and then any exception fails the current check.
 *   s6        number of traps taken so far (both handlers increment it).
 *   s7        privilege the last trap came from (MPP/SPP at trap time).
 *   s8        mode that handled the last trap: 3 = M handler, 1 = S handler.
 *   s9        xepc of the last trap.   s10  xcause of the last trap.   s11  xtval of the last trap.
 *   t6        scratch of the CHECK macros: never keep a value in t6 across a macro.
 * Tests may use ra, sp, t0-t5, s0-s5, a0-a7 freely (a7 values ENV_CALL_* are reserved for ecall).
 */
#ifndef HARTNET_TEST_ENV_H
#define HARTNET_TEST_ENV_H

/* ---- CSR fields (names as in the privileged spec / QEMU cpu_bits.h) ---- */
#define MSTATUS_SIE        (1 << 1)
#define MSTATUS_MIE        (1 << 3)
#define MSTATUS_SPIE       (1 << 5)
#define MSTATUS_UBE        (1 << 6)
#define MSTATUS_MPIE       (1 << 7)
#define MSTATUS_SPP        (1 << 8)
#define MSTATUS_MPP        (3 << 11)
#define MSTATUS_MPP_S      (1 << 11)
#define MSTATUS_MPP_M      (3 << 11)
#define MSTATUS_FS         (3 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_MPRV       (1 << 17)
#define MSTATUS_SUM        (1 << 18)
#define MSTATUS_MXR        (1 << 19)
#define MSTATUS_TVM        (1 << 20)
#define MSTATUS_TW         (1 << 21)
#define MSTATUS_TSR        (1 << 22)

#define IRQ_S_SOFT   1
#define IRQ_M_SOFT   3
#define IRQ_S_TIMER  5
#define IRQ_M_TIMER  7
#define IRQ_S_EXT    9
#define IRQ_M_EXT    11
#define MIP_SSIP     (1 << IRQ_S_SOFT)
#define MIP_MSIP     (1 << IRQ_M_SOFT)
#define MIP_STIP     (1 << IRQ_S_TIMER)
#define MIP_MTIP     (1 << IRQ_M_TIMER)
#define MIP_SEIP     (1 << IRQ_S_EXT)
#define MIP_MEIP     (1 << IRQ_M_EXT)

#define CAUSE_MISALIGNED_FETCH    0
#define CAUSE_FETCH_ACCESS        1
#define CAUSE_ILLEGAL_INSTRUCTION 2
#define CAUSE_BREAKPOINT          3
#define CAUSE_MISALIGNED_LOAD     4
#define CAUSE_LOAD_ACCESS         5
#define CAUSE_MISALIGNED_STORE    6
#define CAUSE_STORE_ACCESS        7
#define CAUSE_USER_ECALL          8
#define CAUSE_SUPERVISOR_ECALL    9
#define CAUSE_MACHINE_ECALL       11
#define CAUSE_FETCH_PAGE_FAULT    12
#define CAUSE_LOAD_PAGE_FAULT     13
#define CAUSE_STORE_PAGE_FAULT    15
#define CAUSE_INTERRUPT           (1 << 63)   /* only usable where the assembler evaluates 64-bit li */
#define CAUSE_IRQ(n)              (0x8000000000000000 | (n))

#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define MENVCFG_STCE  (1 << 63)
#define MENVCFG_PBMTE (1 << 62)
#define MENVCFG_ADUE  (1 << 61)

#define SATP_MODE_SV39 (8 << 60)
#define SATP_ASID_SHIFT 44

#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE_AD  (PTE_A | PTE_D)
#define PT_LEVEL_4K 0
#define PT_LEVEL_2M 1
#define PT_LEVEL_1G 2

/* ---- machine: the CLINT of hartnet run-elf and QEMU -M spike ---- */
#define CLINT_BASE      0x02000000
#define CLINT_MSIP      (CLINT_BASE + 0x0)
#define CLINT_MTIMECMP  (CLINT_BASE + 0x4000)
#define CLINT_MTIME     (CLINT_BASE + 0xbff8)
#define RAM_BASE        0x80000000
/* An address where nothing is mapped (access fault). */
#define UNMAPPED_ADDR   0x40000000

/* Alias of RAM for user-mode code: env_map_standard maps VA USER_ALIAS_VA + x -> PA RAM_BASE + x
 * with U set, and the identity VA RAM_BASE + x -> PA RAM_BASE + x without U. */
#define USER_ALIAS_VA   0x40000000
#define USER_ALIAS_OFF  (USER_ALIAS_VA - RAM_BASE)

/* ---- HTIF syscalls (riscv-tests / Spike magic_mem convention) ---- */
#define SYS_write 64
#define SYS_exit  93

/* ---- ecalls the environment's handlers understand (in a7) ---- */
#define ENV_CALL_FAIL  0x4641494c   /* fail check gp */
#define ENV_CALL_TO_M  0x544f4d00   /* continue after the ecall in M-mode */

/* Causes an AMO raises. The spec (and hartnet): the store/AMO causes. Debian's QEMU 7.2 reports
 * misaligned, access-faulting and page-faulting AMOs with the LOAD causes (4, 5, 13) -- the page
 * fault only when the page is unmapped (an AMO to a read-only page gives 15 on QEMU too). */
#ifdef HARTNET_QEMU
#define CAUSE_AMO_MISALIGNED  CAUSE_MISALIGNED_LOAD
#define CAUSE_AMO_ACCESS      CAUSE_LOAD_ACCESS
#define CAUSE_AMO_PAGE_FAULT  CAUSE_LOAD_PAGE_FAULT
#else
#define CAUSE_AMO_MISALIGNED  CAUSE_MISALIGNED_STORE
#define CAUSE_AMO_ACCESS      CAUSE_STORE_ACCESS
#define CAUSE_AMO_PAGE_FAULT  CAUSE_STORE_PAGE_FAULT
#endif

#ifdef __ASSEMBLER__

/* Build-time switch: test/asm/build.sh also builds every program with -DHARTNET_QEMU into
 * build/qemu/ for validation on Debian's QEMU 7.2. Code under #ifdef HARTNET_QEMU records where
 * QEMU differs from the spec / from hartnet's decisions (README "Known QEMU differences"). */

.set CHECKNO, 0

/* Start the next numbered check: gp = ++CHECKNO. */
.macro CHECK_NEXT
  .set CHECKNO, CHECKNO + 1
  li gp, CHECKNO
.endm

/* Fail the current check (from any privilege mode). */
.macro FAIL_HERE
  li a7, ENV_CALL_FAIL
  ecall
.endm

/* Check that register \reg equals the constant \val. */
.macro CHECK_EQ reg, val
  CHECK_NEXT
  li t6, \val
  beq \reg, t6, .Lok\@
  j env_fail
.Lok\@:
.endm

/* Check that registers \r1 and \r2 are equal. */
.macro CHECK_EQR r1, r2
  CHECK_NEXT
  beq \r1, \r2, .Lok\@
  j env_fail
.Lok\@:
.endm

.macro CHECK_NER r1, r2
  CHECK_NEXT
  bne \r1, \r2, .Lok\@
  j env_fail
.Lok\@:
.endm

/* Check \r1 < \r2 (unsigned). */
.macro CHECK_LTU r1, r2
  CHECK_NEXT
  bltu \r1, \r2, .Lok\@
  j env_fail
.Lok\@:
.endm

/* Check an instruction's result: TEST_RR insn, expected, a, b  runs `insn a0, a1, a2` with
 * a1 = a, a2 = b and checks a0; also checks the sources were not clobbered. */
.macro TEST_RR insn, exp, a, b
  li a1, \a
  li a2, \b
  \insn a0, a1, a2
  CHECK_EQ a0, \exp
.endm

.macro TEST_RI insn, exp, a, imm
  li a1, \a
  \insn a0, a1, \imm
  CHECK_EQ a0, \exp
.endm

/* Check that the memory word (64-bit) at symbol/address in \addrreg + off equals \val. */
.macro CHECK_MEM64 addrreg, off, val
  ld t5, \off(\addrreg)
  CHECK_EQ t5, \val
.endm

/* Execute \insn expecting an exception with cause \cause; execution resumes after it. */
.macro EXPECT_TRAP cause, insn:vararg
  la tp, .Lresume\@
  li s10, -1
  \insn
.Lresume\@:
  CHECK_EQ s10, \cause
.endm

/* Like EXPECT_TRAP but also checks xtval. */
.macro EXPECT_TRAP_TVAL cause, tval, insn:vararg
  EXPECT_TRAP \cause, \insn
  CHECK_EQ s11, \tval
.endm

/* The same with xtval compared against a register. */
.macro EXPECT_TRAP_TVALR cause, tvalreg, insn:vararg
  EXPECT_TRAP \cause, \insn
  CHECK_EQR s11, \tvalreg
.endm

/* Arm for an expected trap whose faulting instruction is elsewhere (e.g. a jump to a bad
 * address): the handler resumes at \label. */
.macro ARM_TRAP label
  la tp, \label
  li s10, -1
.endm

/* Check that \insn does NOT trap. */
.macro EXPECT_NO_TRAP insn:vararg
  mv t5, s6
  \insn
  CHECK_EQR t5, s6
.endm

/* ---- privilege switches (from M-mode; continue inline with the next instruction) ---- */
.macro ENTER_MODE mppbits
  li t6, MSTATUS_MPP
  csrc mstatus, t6
  li t6, \mppbits
  csrs mstatus, t6
  la t6, .Lenter\@
  csrw mepc, t6
  mret
.Lenter\@:
.endm
#define ENTER_S ENTER_MODE MSTATUS_MPP_S
#define ENTER_U ENTER_MODE 0

/* Enter U-mode at the user alias of the next instruction (requires env_map_standard + satp). */
.macro ENTER_U_ALIAS
  li t6, MSTATUS_MPP
  csrc mstatus, t6
  la t6, .Lenter\@
  li t5, USER_ALIAS_OFF
  add t6, t6, t5
  csrw mepc, t6
  mret
.Lenter\@:
.endm

/* Back to M-mode from S or U (or stay in M): continue after the ecall. */
.macro BACK_TO_M
  li a7, ENV_CALL_TO_M
  ecall
.endm

/* Print a string literal through HTIF SYS_write (M-mode, or S-mode with identity mapping). */
.macro PRINT str
  .pushsection .rodata.str1.1, "aMS", @progbits, 1
.Lstr\@: .asciz "\str"
  .popsection
  la a0, .Lstr\@
  call env_print
.endm

.macro TEST_BEGIN
  .text
  .globl test_main
test_main:
.endm

.macro TEST_END
  j env_pass
.endm

#endif /* __ASSEMBLER__ */
#endif
