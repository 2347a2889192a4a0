/* Sv39: 4 KiB, 2 MiB and 1 GiB pages; misaligned superpages; every permission fault (R/W/X,
 * execute-only with and without MXR, W-without-R reserved, invalid PTE, reserved PTE bits,
 * U pages from S with and without SUM, S pages from U, U pages never executable from S);
 * MPRV with MPP = S/U/M; non-canonical addresses; the A/D bits with menvcfg.ADUE = 1 (hardware
 * sets them) and ADUE = 0 (page fault); sfence.vma by address, by ASID, both and global; a
 * misaligned access across two mapped pages; satp MODE WARL. stval = the faulting VA throughout. */
#include "env.h"
  .option norvc

#define VA_BASE  0x2000000000
#define VA_RW    (VA_BASE + 0x0000)
#define VA_RO    (VA_BASE + 0x1000)
#define VA_XO    (VA_BASE + 0x2000)
#define VA_RX    (VA_BASE + 0x3000)
#define VA_WO    (VA_BASE + 0x4000)
#define VA_INV   (VA_BASE + 0x5000)
#define VA_U     (VA_BASE + 0x6000)
#define VA_UX    (VA_BASE + 0x7000)
#define VA_NOA   (VA_BASE + 0x8000)
#define VA_NOD   (VA_BASE + 0x9000)
#define VA_NOAX  (VA_BASE + 0xa000)
#define VA_SF    (VA_BASE + 0xb000)
#define VA_X1    (VA_BASE + 0xc000)
#define VA_X2    (VA_BASE + 0xd000)
#define VA_RSV   (VA_BASE + 0xe000)
#define VA_C1    (VA_BASE + 0x10000)
#define VA_C2    (VA_BASE + 0x11000)
#define VA_2M    (VA_BASE + 0x400000)
#define PA_2M    0x80400000
#define VA_2MBAD (VA_BASE + 0x600000)
#define VA_1G    0xc0000000
#define VA_1GBAD 0x100000000
#define VA_NONCANON 0x0000004000000000

#define KRW  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

/* Map \va to symbol \sym with \flags at \level; leave the PTE address in \ptereg (or nothing). */
.macro MAP va, sym, flags, level=PT_LEVEL_4K, ptereg=zero
  li a0, \va
  la a1, \sym
  li a2, \flags
  li a3, \level
  call env_pt_map
  mv \ptereg, a0
.endm
.macro MAPPA va, pa, flags, level
  li a0, \va
  li a1, \pa
  li a2, \flags
  li a3, \level
  call env_pt_map
.endm

/* Jump-and-link to \reg expecting no trap (the stub at code_page returns). */
.macro EXEC_OK reg
  CHECK_NEXT
  mv t5, s6
  jalr ra, 0(\reg)
  bne t5, s6, env_fail_far
.endm
/* Jump to \reg expecting an instruction page fault with tval = \reg. */
.macro EXEC_FAULT reg
  ARM_TRAP .Lef\@
  jalr ra, 0(\reg)
.Lef\@:
  CHECK_EQ s10, CAUSE_FETCH_PAGE_FAULT
  CHECK_EQR s11, \reg
.endm

TEST_BEGIN
  /* ---- build the address space ---- */
  call env_map_standard
  MAP VA_RW,   pg_rw,     KRW
  MAP VA_RO,   pg_ro,     PTE_V | PTE_R | PTE_A
  MAP VA_XO,   code_page, PTE_V | PTE_X | PTE_A
  MAP VA_RX,   code_page, PTE_V | PTE_R | PTE_X | PTE_A
  MAP VA_WO,   pg_rw,     PTE_V | PTE_W | PTE_A | PTE_D
  MAP VA_INV,  pg_rw,     PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
  MAP VA_U,    pg_u,      KRW | PTE_U
  MAP VA_UX,   code_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
  MAP VA_NOA,  pg_ad,     PTE_V | PTE_R | PTE_W, ptereg=s0
  MAP VA_NOD,  pg_ad,     PTE_V | PTE_R | PTE_W | PTE_A, ptereg=s1
  MAP VA_NOAX, code_page, PTE_V | PTE_X, ptereg=s2
  MAP VA_SF,   pg_sf1,    KRW, ptereg=s3
  MAP VA_X1,   pg_x2,     KRW           /* VA-adjacent pages, physically in the other order */
  MAP VA_X2,   pg_x1,     KRW
  MAP VA_C1,   cpage1,    PTE_V | PTE_R | PTE_X | PTE_A
  MAP VA_C2,   cpage2,    PTE_V | PTE_R | PTE_X | PTE_A
  la t0, c2_pte
  sd a0, 0(t0)
  MAP VA_RSV,  pg_rw,     KRW
  li t0, 1 << 54                        /* a reserved PTE bit */
  ld t1, 0(a0)
  or t1, t1, t0
  sd t1, 0(a0)
  MAPPA VA_2M, PA_2M, KRW, PT_LEVEL_2M
  MAPPA VA_2MBAD, PA_2M + 0x1000, KRW, PT_LEVEL_2M
  MAPPA VA_1G, RAM_BASE, KRW, PT_LEVEL_1G
  MAPPA VA_1GBAD, RAM_BASE + 0x200000, KRW, PT_LEVEL_1G
  /* A 32-bit instruction straddling VA_C1/VA_C2: c.nop at C1+0xffc, addi a0,a0,1 at C1+0xffe
   * (low half on one page, high half on the next), c.jr ra at C2+2. */
  la t0, cpage1
  li t1, 0xffc
  add t0, t0, t1
  li t1, 0x05130001                     /* c.nop ; low half of 0x00150513 */
  sw t1, 0(t0)
  la t0, cpage2
  li t1, 0x80820015                     /* high half of 0x00150513 ; c.jr ra */
  sw t1, 0(t0)
  fence.i
  li t0, MENVCFG_ADUE
  csrs menvcfg, t0
  li a0, 0
  call env_satp_on
  /* satp reads back Sv39 */
  csrr a0, satp
  srli a0, a0, 60
  CHECK_EQ a0, 8

  ENTER_S
  /* ---- 4 KiB page: store through VA, visible at PA ---- */
  li s4, VA_RW
  li t0, 0x5566778899aabbcc
  sd t0, 16(s4)
  la t1, pg_rw                           /* identity-mapped: the same memory */
  ld a0, 16(t1)
  CHECK_EQR a0, t0
  /* ---- 2 MiB page ---- */
  li s4, VA_2M + 0x12340
  li t0, 0x2222
  sd t0, 0(s4)
  li t1, PA_2M + 0x12340
  ld a0, 0(t1)
  CHECK_EQ a0, 0x2222
  /* ---- 1 GiB page: VA_1G + x is RAM_BASE + x ---- */
  la t1, pg_rw
  li t2, RAM_BASE
  sub t2, t1, t2
  li s4, VA_1G
  add s4, s4, t2
  ld a0, 16(s4)
  CHECK_EQ a0, 0x5566778899aabbcc
  /* ---- misaligned superpages: page fault ---- */
  li s4, VA_2MBAD + 8
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  li s4, VA_1GBAD + 8
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)
  /* ---- read-only page ---- */
  li s4, VA_RO + 8
  EXPECT_NO_TRAP ld a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, amoswap.d a0, a0, (s4)  /* QEMU agrees here */
  /* lr on a read-only page is fine; sc faults as a store */
  EXPECT_NO_TRAP lr.d a0, (s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sc.d a0, a0, (s4)
  /* not executable */
  EXEC_FAULT s4
  /* ---- execute-only page: fetch ok, load faults unless MXR ---- */
  li s4, VA_XO
  EXEC_OK s4
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, lw a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sw a0, 0(s4)
  li t0, MSTATUS_MXR
  csrs sstatus, t0
  EXPECT_NO_TRAP lw a0, 0(s4)
  CHECK_EQ a0, 0x00008067                /* the stub's first instruction: ret */
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sw a0, 0(s4)  /* MXR does not give W */
  li t0, MSTATUS_MXR
  csrc sstatus, t0
  li s4, VA_RX
  EXEC_OK s4
  EXPECT_NO_TRAP lw a0, 0(s4)
  /* ---- W without R is reserved: every access faults ---- */
  li s4, VA_WO
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)
  /* ---- invalid PTE ---- */
  li s4, VA_INV
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)
  EXEC_FAULT s4
  /* ---- reserved PTE bits 63:54 set: page fault ---- */
  li s4, VA_RSV
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  /* ---- unmapped and non-canonical addresses ---- */
  li s4, VA_BASE + 0x100000
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  li s4, VA_NONCANON
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)
  EXEC_FAULT s4
  li s4, 0xffffffc000000000              /* canonical (bits 63:39 = bit 38 = 1) but unmapped */
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  /* ---- U page from S: needs SUM for loads/stores, never executable ---- */
  li s4, VA_U
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)
  li t0, MSTATUS_SUM
  csrs sstatus, t0
  EXPECT_NO_TRAP ld a0, 0(s4)
  EXPECT_NO_TRAP sd a0, 0(s4)
  li s5, VA_UX
  EXEC_FAULT s5                          /* SUM does not allow execution */
  li t0, MSTATUS_SUM
  csrc sstatus, t0
  /* ---- cross-page misaligned access through two mapped pages ---- */
  li s4, VA_X2 - 4
  li t0, 0x8877665544332211
  sd t0, 0(s4)
  ld a0, 0(s4)
  CHECK_EQR a0, t0
  la t1, pg_x2
  li t2, 4092
  add t1, t1, t2
  lwu a0, 0(t1)                          /* last 4 bytes of VA_X1's page */
  CHECK_EQ a0, 0x44332211
  la t1, pg_x1
  lwu a0, 0(t1)                          /* first 4 bytes of VA_X2's page */
  CHECK_EQ a0, 0x88776655
  /* ---- an instruction straddling two pages executes; with the second page invalid the fetch
   * faults with sepc = the instruction and stval = the start of the second page ---- */
  li a0, 0
  li t0, VA_C1 + 0xffc
  jalr ra, 0(t0)
  CHECK_EQ a0, 1
  BACK_TO_M
  la t1, c2_pte
  ld t1, 0(t1)
  ld t0, 0(t1)
  andi t0, t0, ~PTE_V
  sd t0, 0(t1)
  ENTER_S
  sfence.vma
  li t0, VA_C1 + 0xffc
  ARM_TRAP 1f
  jalr ra, 0(t0)
1:
  CHECK_EQ s10, CAUSE_FETCH_PAGE_FAULT
  CHECK_EQ s9, VA_C1 + 0xffe
  CHECK_EQ s11, VA_C2
  BACK_TO_M

  /* ---- U-mode: S pages fault, U pages work, U code executes ---- */
  ENTER_U_ALIAS
  li s4, VA_RW
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)
  EXEC_FAULT s4
  li s4, VA_U
  EXPECT_NO_TRAP ld a0, 0(s4)
  EXPECT_NO_TRAP sd a0, 0(s4)
  li s5, VA_UX
  EXEC_OK s5
  li s4, VA_RX                           /* S code page not executable from U */
  EXEC_FAULT s4
  BACK_TO_M

  /* ---- page faults from U delegated to S (as Linux runs): the S handler sees them ---- */
  li t0, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT)
  csrw medeleg, t0
  ENTER_U_ALIAS
  li s4, VA_RW + 0x18
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  CHECK_EQ s8, PRV_S
  CHECK_EQ s7, PRV_U
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sh a0, 0(s4)
  CHECK_EQ s8, PRV_S
  li s4, VA_RX
  EXEC_FAULT s4
  CHECK_EQ s8, PRV_S
  BACK_TO_M
  csrw medeleg, zero

  /* ---- MPRV: M-mode loads/stores translated as MPP ---- */
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  li t0, MSTATUS_MPP_S | MSTATUS_MPRV
  csrs mstatus, t0
  li s4, VA_RW
  ld a0, 16(s4)
  CHECK_EQ a0, 0x5566778899aabbcc
  li s4, VA_U
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)   /* MPP=S, SUM=0 */
  /* The handler's mret left MPP = U (xRET sets xPP to the least privileged mode). */
#ifdef HARTNET_QEMU
  /* QEMU 7.2 difference: its TLB is not flushed when mret changes MPP under MPRV = 1, so it
   * would keep using MPP=S translations; flush by hand. */
  sfence.vma
#endif
  li s4, VA_U
  EXPECT_NO_TRAP ld a0, 0(s4)                                 /* MPP=U: U page ok */
  li s4, VA_RW
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)   /* MPP=U: S page faults */
  /* MPRV with MPP = M is physical */
  li t0, MSTATUS_MPP_M
  csrs mstatus, t0
  la s4, pg_rw
  EXPECT_NO_TRAP ld a0, 16(s4)
  CHECK_EQ a0, 0x5566778899aabbcc
  /* MPRV does not affect instruction fetch: this code still runs from physical addresses */
  li t0, MSTATUS_MPP
  csrc mstatus, t0
  li t0, MSTATUS_MPP_S
  csrs mstatus, t0
  nop
  li t0, MSTATUS_MPRV
  csrc mstatus, t0

  /* ---- A/D with ADUE = 1: hardware sets them ---- */
  ENTER_S
  li s4, VA_NOA
  EXPECT_NO_TRAP ld a0, 0(s4)
  BACK_TO_M
  ld a0, 0(s0)
  andi a0, a0, PTE_A | PTE_D
  CHECK_EQ a0, PTE_A                     /* load sets A only */
  ENTER_S
  li s4, VA_NOD
  EXPECT_NO_TRAP sd a0, 0(s4)
  li s4, VA_NOAX
  EXEC_OK s4
  BACK_TO_M
  ld a0, 0(s1)
  andi a0, a0, PTE_A | PTE_D
  CHECK_EQ a0, PTE_A | PTE_D             /* store sets D */
  ld a0, 0(s2)
  andi a0, a0, PTE_A
  CHECK_EQ a0, PTE_A                     /* fetch sets A */
  /* ---- A/D with ADUE = 0: page faults ---- */
  li t0, MENVCFG_ADUE
  csrc menvcfg, t0
  ld t0, 0(s0)
  andi t0, t0, ~(PTE_A | PTE_D)
  sd t0, 0(s0)
  ld t0, 0(s1)
  andi t0, t0, ~PTE_D
  sd t0, 0(s1)
  ld t0, 0(s2)
  andi t0, t0, ~PTE_A
  sd t0, 0(s2)
  sfence.vma
  ENTER_S
  li s4, VA_NOA
#ifdef HARTNET_QEMU
  /* QEMU 7.2 difference: no Svadu control; it always updates A/D in hardware. */
  EXPECT_NO_TRAP ld a0, 0(s4)
  EXPECT_NO_TRAP sd a0, 0(s4)
  li s4, VA_NOD
  EXPECT_NO_TRAP ld a0, 0(s4)
  EXPECT_NO_TRAP sd a0, 0(s4)
  li s4, VA_NOAX
  EXEC_OK s4
  CHECK_NEXT
#else
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)
  li s4, VA_NOD
  EXPECT_NO_TRAP ld a0, 0(s4)                                  /* A = 1: loads fine */
  EXPECT_TRAP_TVALR CAUSE_STORE_PAGE_FAULT, s4, sd a0, 0(s4)   /* D = 0: store faults */
  li s4, VA_NOAX
  EXEC_FAULT s4
#endif
  BACK_TO_M
  li t0, MENVCFG_ADUE
  csrs menvcfg, t0

  /* ---- sfence.vma: after changing a PTE, each flush form makes the change visible ---- */
  li a0, 5
  call env_satp_on                       /* ASID 5 */
  la t0, pg_sf1
  li t1, 0x1111
  sd t1, 0(t0)
  la t0, pg_sf2
  li t1, 0x2222
  sd t1, 0(t0)
  li s4, VA_SF
  ENTER_S
  ld a0, 0(s4)
  CHECK_EQ a0, 0x1111
  BACK_TO_M
  la a1, pg_sf2
  call .Lset_sf                          /* VA_SF -> pg_sf2 */
  ENTER_S
  sfence.vma s4, zero                    /* by address */
  ld a0, 0(s4)
  CHECK_EQ a0, 0x2222
  BACK_TO_M
  la a1, pg_sf1
  call .Lset_sf
  ENTER_S
  li t0, 5
  sfence.vma zero, t0                    /* by ASID */
  ld a0, 0(s4)
  CHECK_EQ a0, 0x1111
  BACK_TO_M
  la a1, pg_sf2
  call .Lset_sf
  ENTER_S
  li t0, 5
  sfence.vma s4, t0                      /* address and ASID */
  ld a0, 0(s4)
  CHECK_EQ a0, 0x2222
  BACK_TO_M
  la a1, pg_sf1
  call .Lset_sf
  ENTER_S
  sfence.vma                             /* everything */
  ld a0, 0(s4)
  CHECK_EQ a0, 0x1111
  BACK_TO_M
  /* invalidate the PTE: the load now faults */
  sd zero, 0(s3)
  ENTER_S
  sfence.vma s4, zero
  EXPECT_TRAP_TVALR CAUSE_LOAD_PAGE_FAULT, s4, ld a0, 0(s4)
  BACK_TO_M
  /* a new satp (other ASID) also sees the current tables */
  la a1, pg_sf2
  call .Lset_sf
  li a0, 6
  call env_satp_on
  ENTER_S
  ld a0, 0(s4)
  CHECK_EQ a0, 0x2222
  BACK_TO_M

  /* ---- satp MODE WARL: unsupported modes leave satp unchanged ---- */
  csrr s5, satp
  li t0, 5 << 60                         /* reserved mode */
  csrw satp, t0
  csrr a0, satp
  CHECK_EQR a0, s5
#ifndef HARTNET_QEMU
  /* QEMU 7.2 implements Sv48 (mode 9); hartnet only Bare and Sv39. */
  li t0, 9 << 60
  csrw satp, t0
  csrr a0, satp
  CHECK_EQR a0, s5
#endif
  csrw satp, zero                        /* Bare */
  csrr a0, satp
  CHECK_EQ a0, 0
  sfence.vma
TEST_END

/* Point VA_SF's PTE (address in s3) at a1. */
.Lset_sf:
  srli a1, a1, 12
  slli a1, a1, 10
  ori a1, a1, KRW
  sd a1, 0(s3)
  ret

env_fail_far:
  j env_fail

  .text
  .balign 4096
code_page:
  ret
  .balign 4096

  .data
  .balign 8
c2_pte: .dword 0

  .bss
  .balign 4096
pg_rw: .zero 4096
pg_ro: .zero 4096
pg_u:  .zero 4096
pg_ad: .zero 4096
pg_sf1: .zero 4096
pg_sf2: .zero 4096
pg_x1: .zero 4096
pg_x2: .zero 4096
cpage1: .zero 4096
cpage2: .zero 4096
