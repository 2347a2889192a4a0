/* Shared helpers for hartnet's bare-metal benchmarks (linked with test/asm/env).
 * Built with -DBENCH_HOST they compile natively, so the expected checksums can be computed on the
 * build machine: cc -O2 -ffp-contract=off -DBENCH_HOST cpu-bench.c && ./a.out */
#ifndef HARTNET_BENCH_H
#define HARTNET_BENCH_H
#include <stdint.h>

#ifdef BENCH_HOST
#include <stdio.h>
#include <math.h>
static void print(const char *s) { fputs(s, stdout); }
static uint64_t instret(void) { return 0; }
static double fsqrt(double x) { return sqrt(x); }
#else
void env_print(const char *s);
static void print(const char *s) { env_print(s); }
static uint64_t instret(void) { uint64_t v; __asm__ volatile("csrr %0, minstret" : "=r"(v)); return v; }
static double fsqrt(double x) { double r; __asm__("fsqrt.d %0, %1" : "=f"(r) : "f"(x)); return r; }
#endif

static void print_u64(uint64_t v) {
  char buf[24];
  int i = 23;
  buf[i] = 0;
  do { buf[--i] = (char)('0' + v % 10); v /= 10; } while (v);
  print(&buf[i]);
}

static void print_hex(uint64_t v) {
  char buf[19];
  buf[0] = '0'; buf[1] = 'x'; buf[18] = 0;
  for (int i = 0; i < 16; i++) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  print(buf);
}

/* Print "NAME checksum 0x... (expected 0x...) instret N" and return 0 if they match. */
static int bench_finish(const char *name, uint64_t sum, uint64_t expected) {
  uint64_t n = instret();
  print(name);
  print(" checksum ");
  print_hex(sum);
  print(" expected ");
  print_hex(expected);
  print(" instret ");
  print_u64(n);
  print(sum == expected ? " OK\n" : " MISMATCH\n");
  return sum == expected ? 0 : 1;
}

/* Mix a value into a running 64-bit checksum (FNV-1a style over 64-bit words). */
static inline uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v;
  h *= 0x100000001b3ULL;
  return h ^ (h >> 29);
}
#endif
