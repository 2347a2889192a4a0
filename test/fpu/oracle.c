// The reference for hartnet's FPU: executes single RISC-V F/D instructions on the real ISA (under
// Debian's qemu-riscv64, whose FPU follows SoftFloat) and prints result bits and fflags.
//
// Build: riscv64-linux-gnu-gcc -static -O1 -o oracle test/fpu/oracle.c   (see regenerate.sh)
//
// stdin:  32-byte records   +0 u32 instruction word  +4 u32 frm (bit 8: the result is in x14)
//                           +8 u64 a  +16 u64 b  +24 u64 c
// stdout: 16-byte records   +0 u64 result  +8 u32 fflags  +12 u32 1
//
// Register convention: operands in f11/f12/f13 and x11/x12/x13 (a1..a3), the result in f14 or
// x14 (a4). Each distinct instruction word becomes a stub "insn; ret" in an executable page,
// written once and then called for every record that uses it.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SENTINEL 0x5a5a5a5a5a5a5a5aULL
#define INT_DEST 0x100u
#define MAX_STUBS 8192
#define RET 0x00008067u /* jalr x0, 0(ra) */

struct in_rec { uint32_t insn, frm; uint64_t a, b, c; };
struct out_rec { uint64_t result; uint32_t fflags, ok; };

static uint32_t *code;
static uint32_t keys[MAX_STUBS * 2];
static int32_t slots[MAX_STUBS * 2];
static int nstubs;

/* The stub for `insn` (open-addressing hash on the instruction word). */
static void *stub(uint32_t insn) {
  uint32_t h = (insn * 2654435761u) % (MAX_STUBS * 2);
  while (slots[h] != 0) {
    if (keys[h] == insn) return &code[(slots[h] - 1) * 2];
    h = (h + 1) % (MAX_STUBS * 2);
  }
  if (nstubs == MAX_STUBS) { fprintf(stderr, "oracle: too many distinct instructions\n"); exit(2); }
  uint32_t *p = &code[nstubs * 2];
  p[0] = insn;
  p[1] = RET;
  __builtin___clear_cache((char *)p, (char *)(p + 2));
  __asm__ volatile("fence.i" ::: "memory");
  keys[h] = insn;
  slots[h] = ++nstubs;
  return p;
}

static void run(const struct in_rec *r, struct out_rec *o) {
  // Everything that might call a function comes first: the register variables below must stay
  // live from their assignment to the asm statement.
  void *fn = stub(r->insn);
  uint64_t frm = r->frm & 7, f, fl;
  register uint64_t a1 __asm__("a1") = r->a;
  register uint64_t a2 __asm__("a2") = r->b;
  register uint64_t a3 __asm__("a3") = r->c;
  register uint64_t a4 __asm__("a4") = SENTINEL;
  register void *t0 __asm__("t0") = fn;
  __asm__ volatile(
      "fsrm %[frm]\n\t"
      "fmv.d.x fa1, a1\n\t"
      "fmv.d.x fa2, a2\n\t"
      "fmv.d.x fa3, a3\n\t"
      "fmv.d.x fa4, a4\n\t"
      "fsflags zero\n\t"
      "jalr ra, 0(t0)\n\t"
      "frflags %[fl]\n\t"
      "fmv.x.d %[f], fa4\n\t"
      : [f] "=&r"(f), [fl] "=&r"(fl), "+r"(a4)
      : [frm] "r"(frm), "r"(a1), "r"(a2), "r"(a3), "r"(t0)
      : "ra", "fa1", "fa2", "fa3", "fa4", "memory");
  o->result = (r->frm & INT_DEST) ? a4 : f;
  o->fflags = (uint32_t)fl;
  o->ok = 1;
}

int main(void) {
  code = mmap(0, MAX_STUBS * 8, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) { perror("mmap"); return 2; }
  static struct in_rec in[4096];
  static struct out_rec out[4096];
  size_t n;
  while ((n = fread(in, sizeof in[0], 4096, stdin)) > 0) {
    for (size_t i = 0; i < n; i++) run(&in[i], &out[i]);
    if (fwrite(out, sizeof out[0], n, stdout) != n) { perror("write"); return 2; }
  }
  return 0;
}
