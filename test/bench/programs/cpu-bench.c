/* hartnet CPU benchmark: integer work with loads, stores and branches.
 *   1. integer loop: xorshift + Collatz steps (ALU, branches, mul/div)
 *   2. quicksort of N pseudo-random u32 (loads/stores, unpredictable branches, recursion)
 *   3. CRC32 (table-driven) over the sorted array, several passes
 *   4. integer matrix multiply MxM (u32), several times
 * Prints a checksum through HTIF SYS_write and passes only if it equals EXPECTED.
 * Build: test/asm/build.sh -> test/bench/build/cpu-bench.elf (and cpu-bench-small.elf with
 * -DBENCH_SMALL). Instruction counts (QEMU 7.2 -M spike -icount shift=0,sleep=off, minstret at the end):
 *   cpu-bench.elf        1,550,757,473 instructions, checksum 0xcf494386e79d7e31
 *   cpu-bench-small.elf     77,878,246 instructions, checksum 0x1ec18edf90ad288c
 * (checksums computed natively with -DBENCH_HOST and confirmed under QEMU) */
#include "bench.h"

/* Sizes: the full run is about 1.55 * 10^9 instructions, BENCH_SMALL about 1/20 of that. */
#ifdef BENCH_SMALL
#define N_SORT     5000
#define LOOP_N     200000
#define CRC_PASSES 40
#define MAT_REPS   3
#define EXPECTED   0x1ec18edf90ad288cULL
#else
#define N_SORT     100000
#define LOOP_N     4000000
#define CRC_PASSES 40
#define MAT_REPS   60
#define EXPECTED   0xcf494386e79d7e31ULL
#endif
#define MAT        96

static uint32_t arr[N_SORT];
static uint32_t crc_table[256];
static uint32_t ma[MAT][MAT], mb[MAT][MAT], mc[MAT][MAT];

static uint32_t rng_state = 12345;
static uint32_t rng(void) {   /* xorshift32 */
  uint32_t x = rng_state;
  x ^= x << 13; x ^= x >> 17; x ^= x << 5;
  return rng_state = x;
}

static uint64_t int_loop(void) {
  uint64_t acc = 0, x = 88172645463325252ULL;
  for (uint32_t i = 1; i <= LOOP_N; i++) {
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    uint64_t n = (x & 0xffff) | 1;
    uint32_t steps = 0;
    while (n != 1 && steps < 24) {
      n = (n & 1) ? 3 * n + 1 : n >> 1;
      steps++;
    }
    acc += steps + (x % (i + 7)) + (acc >> 3) / 3;
  }
  return acc;
}

static void swap(uint32_t *a, uint32_t *b) { uint32_t t = *a; *a = *b; *b = t; }

static void quicksort(uint32_t *a, long lo, long hi) {
  while (lo < hi) {
    long mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap(&a[mid], &a[lo]);
    if (a[hi] < a[lo]) swap(&a[hi], &a[lo]);
    if (a[hi] < a[mid]) swap(&a[hi], &a[mid]);
    uint32_t pivot = a[mid];
    long i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { swap(&a[i], &a[j]); i++; j--; }
    }
    /* recurse into the smaller part, loop on the larger: stack depth O(log n) */
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
    else { quicksort(a, i, hi); hi = j; }
  }
}

static uint32_t crc32(const uint8_t *p, uint32_t len, uint32_t crc) {
  crc = ~crc;
  for (uint32_t i = 0; i < len; i++) crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

int main(void) {
  uint64_t sum = 0;
  sum = mix(sum, int_loop());

  for (uint32_t i = 0; i < N_SORT; i++) arr[i] = rng();
  quicksort(arr, 0, N_SORT - 1);
  for (uint32_t i = 1; i < N_SORT; i++)
    if (arr[i - 1] > arr[i]) { print("cpu-bench: not sorted\n"); return 2; }
  sum = mix(sum, arr[0]);
  sum = mix(sum, arr[N_SORT / 2]);
  sum = mix(sum, arr[N_SORT - 1]);

  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
  uint32_t crc = 0;
  for (int p = 0; p < CRC_PASSES; p++) crc = crc32((const uint8_t *)arr, sizeof arr, crc ^ (uint32_t)p);
  sum = mix(sum, crc);

  for (int i = 0; i < MAT; i++)
    for (int j = 0; j < MAT; j++) { ma[i][j] = rng() & 0xffff; mb[i][j] = rng() & 0xffff; }
  for (int r = 0; r < MAT_REPS; r++) {
    for (int i = 0; i < MAT; i++)
      for (int j = 0; j < MAT; j++) {
        uint32_t s = 0;
        for (int k = 0; k < MAT; k++) s += ma[i][k] * mb[k][j];
        mc[i][j] = s;
      }
    ma[r % MAT][(r * 7) % MAT] ^= mc[(r * 3) % MAT][(r * 5) % MAT];
  }
  for (int i = 0; i < MAT; i++) sum = mix(sum, mc[i][(i * 13) % MAT]);

#ifdef BENCH_HOST
  printf("0x%016llx\n", (unsigned long long)sum);
  return 0;
#else
  return bench_finish("cpu-bench", sum, EXPECTED);
#endif
}
