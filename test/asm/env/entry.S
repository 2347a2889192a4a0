/*
 * hartnet test environment: reset entry, M- and S-mode trap handlers, HTIF pass/fail/print,
 * and Sv39 page-table helpers. See env.h for the register conventions.
 */
#include "env.h"

/* Offsets in a handler's save area. */
#define SAVE_T0 0
#define SAVE_T1 8
#define SAVE_T2 16
#define SAVE_A0 24
#define SAVE_A1 32
#define SAVE_RA 40
#define SAVE_SP 48
#define SAVE_SIZE 64

/* Only for validating on QEMU's virt machine (rdtime and Sstc exist there, not on QEMU's spike):
 * its sifive_test exit device and 16550 UART stand in for HTIF. */
#define VIRT_TEST_DEVICE 0x100000
#define VIRT_TEST_PASS   0x5555
#define VIRT_TEST_FAIL   0x3333
#define VIRT_UART        0x10000000

/* Append interrupt cause t0 to env_irq_log (count, then up to 15 causes). Clobbers t1, t2. */
.macro LOG_IRQ
  la t1, env_irq_log
  ld t2, 0(t1)
  addi t2, t2, 1
  andi t2, t2, 15
  sd t2, 0(t1)
  slli t2, t2, 3
  add t1, t1, t2
  sd t0, 0(t1)
.endm

  .section .text.init, "ax", @progbits
  .option norvc
  .globl _start
_start:
  /* Registers are 0 except pc on hartnet; QEMU's reset stub leaves a0/a1 set. */
  li a0, 0
  li a1, 0
  li gp, 0
  li tp, 0
  li s6, 0
  la t0, env_trap_m
  csrw mtvec, t0
  la sp, env_stack_top
  la t0, env_save_m
  csrw mscratch, t0
  la t0, env_save_s
  csrw sscratch, t0
  la t0, env_trap_s
  csrw stvec, t0
  /* PMP entry 0 = all memory RWX, so S- and U-mode may access memory (QEMU enforces PMP;
   * hartnet keeps the CSRs as storage only). NAPOT with all ones covers everything. */
  li t0, -1
  csrw pmpaddr0, t0
  li t0, 0x1f            /* A=NAPOT | X | W | R */
  csrw pmpcfg0, t0
  /* FP on (c.fld/c.fsd tests and the benchmarks). */
  li t0, MSTATUS_FS_INITIAL
  csrs mstatus, t0
  csrw medeleg, zero
  csrw mideleg, zero
  csrw mie, zero
  csrw satp, zero
  /* Zero .bss (the loader may already have done it). */
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sd zero, 0(t0)
  addi t0, t0, 8
  j 1b
2:
  j test_main

/* ------------------------------------------------------------------------------------------ */
/* pass / fail                                                                                 */

  .text
  .globl env_pass
env_pass:
#ifdef HARTNET_QEMU_VIRT
  li t0, VIRT_TEST_PASS
  li t1, VIRT_TEST_DEVICE
  sw t0, 0(t1)
#endif
  li t0, 1
  la t1, tohost
  fence
  sd t0, 0(t1)
1:
  j 1b

/* Fail check gp: from any mode (traps to M through ENV_CALL_FAIL). */
  .globl env_fail
env_fail:
  li a7, ENV_CALL_FAIL
  ecall
1:
  j 1b

/* M-mode: report failure of check gp (0 becomes 0x7ff so it never reads as a pass). */
env_fail_m:
  la sp, env_stack_top
  la a0, env_msg_fail
  call env_print
  mv a0, gp
  call env_print_hex
  la a0, env_msg_last
  call env_print
  mv a0, s10
  call env_print_hex
  la a0, env_msg_tval
  call env_print
  mv a0, s11
  call env_print_hex
  la a0, env_msg_nl
  call env_print
  mv t0, gp
  bnez t0, 1f
  li t0, 0x7ff
1:
#ifdef HARTNET_QEMU_VIRT
  slli t1, t0, 16
  li t2, VIRT_TEST_FAIL
  or t1, t1, t2
  li t2, VIRT_TEST_DEVICE
  sw t1, 0(t2)
#endif
  slli t0, t0, 1
  ori t0, t0, 1
  la t1, tohost
  fence
  sd t0, 0(t1)
2:
  j 2b

/* ------------------------------------------------------------------------------------------ */
/* M-mode trap handler                                                                         */

  .balign 4
  .globl env_trap_m
env_trap_m:
  csrrw sp, mscratch, sp
  sd t0, SAVE_T0(sp)
  sd t1, SAVE_T1(sp)
  sd t2, SAVE_T2(sp)
  addi s6, s6, 1
  csrr t0, mcause
  bltz t0, .Lm_interrupt
  /* ecall from any mode carrying an environment request? */
  addi t1, t0, -CAUSE_USER_ECALL
  li t2, 4
  bgeu t1, t2, .Lm_exception
  li t2, ENV_CALL_FAIL
  beq a7, t2, .Lm_fail
  li t2, ENV_CALL_TO_M
  beq a7, t2, .Lm_to_m
  csrr t1, mepc
  la t2, env_s_to_m_ecall
  beq t1, t2, .Lm_to_m_at
.Lm_exception:
  beqz tp, .Lm_unexpected
  mv s10, t0
  csrr s11, mtval
  csrr s9, mepc
  li s8, PRV_M
  csrr t1, mstatus
  srli t1, t1, 11
  andi s7, t1, 3
  csrw mepc, tp
  li tp, 0
  j .Lm_return
.Lm_interrupt:
  /* Record and mask the interrupt in mie so it does not fire again; the test re-enables. */
  mv s10, t0
  LOG_IRQ
  csrr s11, mtval
  csrr s9, mepc
  li s8, PRV_M
  csrr t1, mstatus
  srli t1, t1, 11
  andi s7, t1, 3
  andi t0, t0, 63
  li t1, 1
  sll t1, t1, t0
  csrc mie, t1
  j .Lm_return
.Lm_to_m_at:
  addi a7, a7, -4
  csrw mepc, a7
.Lm_to_m:
  csrr t0, mepc
  addi t0, t0, 4
  /* From the user alias (ENTER_U_ALIAS) continue at the same code's identity address. */
  li t1, USER_ALIAS_VA
  bltu t0, t1, 1f
  li t1, RAM_BASE
  bgeu t0, t1, 1f
  li t1, RAM_BASE - USER_ALIAS_VA
  add t0, t0, t1
1:
  csrw mepc, t0
  li t0, MSTATUS_MPP
  csrs mstatus, t0
  li a7, 0
.Lm_return:
  ld t0, SAVE_T0(sp)
  ld t1, SAVE_T1(sp)
  ld t2, SAVE_T2(sp)
  csrrw sp, mscratch, sp
  mret
.Lm_unexpected:
  mv s10, t0
  csrr s11, mtval
  csrr s9, mepc
  li s8, PRV_M
  j env_unexpected
.Lm_fail:
  /* Leave paging/MPRV effects behind: we only touch physical memory from here on. */
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  j env_fail_m

/* Print the last trap (s8 mode, s10 cause, s9 epc, s11 tval) and fail check gp. */
env_unexpected:
  li t0, MSTATUS_MPRV
  csrc mstatus, t0
  la sp, env_stack_top
  la a0, env_msg_unexp
  call env_print
  mv a0, s8
  call env_print_hex
  la a0, env_msg_cause
  call env_print
  mv a0, s10
  call env_print_hex
  la a0, env_msg_epc
  call env_print
  mv a0, s9
  call env_print_hex
  la a0, env_msg_tval
  call env_print
  mv a0, s11
  call env_print_hex
  la a0, env_msg_nl
  call env_print
  j env_fail_m

/* ------------------------------------------------------------------------------------------ */
/* S-mode trap handler (reached only for delegated traps; runs on identity-mapped memory)      */

  .balign 4
  .globl env_trap_s
env_trap_s:
  csrrw sp, sscratch, sp
  sd t0, SAVE_T0(sp)
  sd t1, SAVE_T1(sp)
  sd t2, SAVE_T2(sp)
  addi s6, s6, 1
  csrr t0, scause
  bltz t0, .Ls_interrupt
  addi t1, t0, -CAUSE_USER_ECALL
  li t2, 4
  bgeu t1, t2, .Ls_exception
  li t2, ENV_CALL_FAIL
  beq a7, t2, .Ls_fail
  li t2, ENV_CALL_TO_M
  beq a7, t2, .Ls_to_m
.Ls_exception:
  beqz tp, .Ls_unexpected
  mv s10, t0
  csrr s11, stval
  csrr s9, sepc
  li s8, PRV_S
  csrr t1, sstatus
  srli t1, t1, 8
  andi s7, t1, 1
  csrw sepc, tp
  li tp, 0
  j .Ls_return
.Ls_interrupt:
  mv s10, t0
  LOG_IRQ
  csrr s11, stval
  csrr s9, sepc
  li s8, PRV_S
  csrr t1, sstatus
  srli t1, t1, 8
  andi s7, t1, 1
  andi t0, t0, 63
  li t1, 1
  sll t1, t1, t0
  csrc sie, t1
.Ls_return:
  ld t0, SAVE_T0(sp)
  ld t1, SAVE_T1(sp)
  ld t2, SAVE_T2(sp)
  csrrw sp, sscratch, sp
  sret
.Ls_to_m:
  /* BACK_TO_M from U while ecall-from-U is delegated: ask M to continue at sepc + 4 in M-mode. */
  csrr a7, sepc
  addi a7, a7, 4
  ld t0, SAVE_T0(sp)
  ld t1, SAVE_T1(sp)
  ld t2, SAVE_T2(sp)
  csrrw sp, sscratch, sp
env_s_to_m_ecall:
  ecall
.Ls_unexpected:
  mv s10, t0
  csrr s11, stval
  csrr s9, sepc
  li s8, PRV_S
  /* Hand over to M-mode for the report (ecall from S is never delegated by our tests). */
.Ls_fail:
  li a7, ENV_CALL_FAIL
  ecall
1:
  j 1b

/* ------------------------------------------------------------------------------------------ */
/* HTIF console output                                                                         */

/* env_print(a0 = NUL-terminated string). Clobbers a0-a5, t0-t2. M-mode (or identity-mapped S).
 * Uses SYS_write through magic_mem. If the host never answers (QEMU <= 7.2 has no syscall
 * proxy), falls back for good to the HTIF console device (device 1, command 1: putchar). */
  .globl env_print
env_print:
  mv a1, a0
  li a2, 0
1:
  add t0, a1, a2
  lbu t0, 0(t0)
  beqz t0, 2f
  addi a2, a2, 1
  j 1b
2:
  beqz a2, .Lprint_done
#ifdef HARTNET_QEMU_VIRT
  /* QEMU virt has no HTIF: write to its 16550 UART instead. */
  li t1, VIRT_UART
1:
  lbu t0, 0(a1)
  sb t0, 0(t1)
  addi a1, a1, 1
  addi a2, a2, -1
  bnez a2, 1b
  ret
#endif
  la t1, env_htif_console
  ld t0, 0(t1)
  bnez t0, .Lprint_console
  la a3, env_magic_mem
  li t0, SYS_write
  sd t0, 0(a3)
  li t0, 1
  sd t0, 8(a3)
  sd a1, 16(a3)
  sd a2, 24(a3)
  fence
  la t1, tohost
  sd a3, 0(t1)
  la t1, fromhost
  li t2, 2000000               /* generous: a host may answer only between execution slices */
3:
  ld t0, 0(t1)
  bnez t0, 4f
  addi t2, t2, -1
  bnez t2, 3b
  /* No answer: remember and use the console device. */
  la t1, env_htif_console
  li t0, 1
  sd t0, 0(t1)
  la t1, tohost
  sd zero, 0(t1)
  j .Lprint_console
4:
  sd zero, 0(t1)
.Lprint_done:
  ret
.Lprint_console:
  li a4, 0x0101000000000000  /* device 1 (console), command 1 (putchar) */
5:
  beqz a2, .Lprint_done
  lbu t0, 0(a1)
  or t0, t0, a4
  fence
  la t1, tohost
  sd t0, 0(t1)
  la t1, fromhost
  li t2, 100000
6:
  ld t0, 0(t1)
  bnez t0, 7f
  addi t2, t2, -1
  bnez t2, 6b
7:
  sd zero, 0(t1)
  addi a1, a1, 1
  addi a2, a2, -1
  j 5b

/* env_print_hex(a0): prints 0x and 16 hex digits. */
  .globl env_print_hex
env_print_hex:
  addi sp, sp, -16
  sd ra, 0(sp)
  la a5, env_hexbuf
  li t0, '0'
  sb t0, 0(a5)
  li t0, 'x'
  sb t0, 1(a5)
  li a4, 60
  addi a3, a5, 2
1:
  srl t0, a0, a4
  andi t0, t0, 15
  li t1, 10
  blt t0, t1, 2f
  addi t0, t0, 'a' - 10 - '0'
2:
  addi t0, t0, '0'
  sb t0, 0(a3)
  addi a3, a3, 1
  addi a4, a4, -4
  bgez a4, 1b
  sb zero, 0(a3)
  mv a0, a5
  call env_print
  ld ra, 0(sp)
  addi sp, sp, 16
  ret

/* ------------------------------------------------------------------------------------------ */
/* Sv39 page tables (M-mode, physical addresses)                                               */

/* env_pt_reset(): empty root table, empty pool. Clobbers t0-t2. */
  .globl env_pt_reset
env_pt_reset:
  la t0, env_pt_root
  li t1, 4096
  add t1, t1, t0
1:
  sd zero, 0(t0)
  addi t0, t0, 8
  bltu t0, t1, 1b
  la t0, env_pt_next
  la t1, env_pt_pool
  sd t1, 0(t0)
  ret

/* env_pt_map(a0 = va, a1 = pa, a2 = PTE flags, a3 = level 0/1/2 for 4K/2M/1G):
 * installs a leaf PTE (pa>>12)<<10 | flags at that level, creating next-level tables.
 * Returns a0 = address of the leaf PTE. Clobbers a4, a5, t0-t2. */
  .globl env_pt_map
env_pt_map:
  la a4, env_pt_root           /* a4 = current table */
  li a5, 2                     /* a5 = current level */
1:
  /* index = (va >> (12 + 9*level)) & 511 */
  li t0, 9
  mul t0, t0, a5
  addi t0, t0, 12
  srl t1, a0, t0
  andi t1, t1, 511
  slli t1, t1, 3
  add t1, t1, a4               /* t1 = &pte */
  beq a5, a3, 3f
  ld t2, 0(t1)
  andi t0, t2, PTE_V
  bnez t0, 2f
  /* allocate a zeroed table */
  la t0, env_pt_next
  ld a4, 0(t0)                 /* a4 = new table */
  li t2, 4096
  add t2, t2, a4
  sd t2, 0(t0)
4:
  addi t2, t2, -8
  sd zero, 0(t2)
  bne t2, a4, 4b
  srli t0, t2, 12
  slli t0, t0, 10
  ori t0, t0, PTE_V
  sd t0, 0(t1)
  addi a5, a5, -1
  j 1b
2:
  srli t2, t2, 10
  slli a4, t2, 12
  addi a5, a5, -1
  j 1b
3:
  srli t0, a1, 12
  slli t0, t0, 10
  or t0, t0, a2
  sd t0, 0(t1)
  mv a0, t1
  ret

/* env_map_standard(): reset tables and map
 *   VA RAM_BASE..+1G       -> PA RAM_BASE (1 GiB page, RWX, A, D, global, supervisor)
 *   VA USER_ALIAS_VA..+1G  -> PA RAM_BASE (1 GiB page, RWX, A, D, user)
 * so S-mode code keeps running when paging is turned on, and U-mode code runs at the alias. */
  .globl env_map_standard
env_map_standard:
  addi sp, sp, -16
  sd ra, 0(sp)
  call env_pt_reset
  li a0, RAM_BASE
  li a1, RAM_BASE
  li a2, PTE_V | PTE_RWX | PTE_AD | PTE_G
  li a3, PT_LEVEL_1G
  call env_pt_map
  li a0, USER_ALIAS_VA
  li a1, RAM_BASE
  li a2, PTE_V | PTE_RWX | PTE_AD | PTE_U
  li a3, PT_LEVEL_1G
  call env_pt_map
  ld ra, 0(sp)
  addi sp, sp, 16
  ret

/* env_satp_on(a0 = asid): satp = Sv39 | asid | root; sfence.vma. Clobbers t0, t1. */
  .globl env_satp_on
env_satp_on:
  la t0, env_pt_root
  srli t0, t0, 12
  slli t1, a0, SATP_ASID_SHIFT
  or t0, t0, t1
  li t1, SATP_MODE_SV39
  or t0, t0, t1
  csrw satp, t0
  sfence.vma
  ret

/* ------------------------------------------------------------------------------------------ */
  .section .rodata
env_msg_fail:  .asciz "hartnet-test: FAIL check "
env_msg_unexp: .asciz "hartnet-test: unexpected trap in mode "
env_msg_last:  .asciz " (last trap: cause "
env_msg_cause: .asciz " cause "
env_msg_epc:   .asciz " epc "
env_msg_tval:  .asciz " tval "
env_msg_nl:    .asciz "\n"

  .data
  .balign 64
  .globl env_magic_mem
env_magic_mem: .zero 64
env_htif_console: .dword 0
/* Interrupts taken, in order: [0] = count, [1..15] = causes. Tests reset it with sd zero. */
  .globl env_irq_log
env_irq_log: .zero 128
env_hexbuf: .zero 24

  .bss
  .balign 16
env_save_m: .zero SAVE_SIZE
env_save_s: .zero SAVE_SIZE
  .balign 16
env_stack: .zero 8192
  .globl env_stack_top
env_stack_top:
  .balign 4096
  .globl env_pt_root
env_pt_root: .zero 4096
  .globl env_pt_pool
env_pt_pool: .zero 4096 * 24
env_pt_next: .zero 8

/* HTIF mailboxes, alone in their own page (QEMU maps an MMIO window over them). */
  .section .tohost, "aw", @progbits
  .balign 4096
  .globl tohost
tohost: .dword 0
  .size tohost, 8
  .globl fromhost
fromhost: .dword 0
  .size fromhost, 8
