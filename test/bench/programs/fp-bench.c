/* hartnet floating-point benchmark (double precision):
 *   1. n-body simulation of 5 bodies (the Sun and the four giant planets), STEPS steps of
 *      dt = 0.01 (add, mul, div, fsqrt), energy before and after
 *   2. dense double matrix multiply MxM, REPS times
 * The checksum hashes the exact bits of the results; IEEE-754 +,-,*,/,sqrt are correctly rounded,
 * and we build with -ffp-contract=off (no fused multiply-add), so the native build
 * (-DBENCH_HOST) gives the same bits. Passes only if the checksum equals EXPECTED.
 * Instruction counts (QEMU 7.2 -M spike -icount shift=0,sleep=off, minstret at the end):
 *   fp-bench.elf        261,614,926 instructions, checksum 0x497800c0caeb6983
 *   fp-bench-small.elf   14,178,268 instructions, checksum 0x7048a2c0706a9598
 * (checksums computed natively with -DBENCH_HOST and confirmed under QEMU) */
#include "bench.h"

#ifdef BENCH_SMALL
#define STEPS    20000
#define REPS     1
#define EXPECTED 0x7048a2c0706a9598ULL
#else
#define STEPS    400000
#define REPS     10
#define EXPECTED 0x497800c0caeb6983ULL
#endif
#define NB 5
#define M  64

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body { double x, y, z, vx, vy, vz, mass; };

static struct body bodies[NB] = {
  {0, 0, 0, 0, 0, 0, SOLAR_MASS},
  {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
   1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
   -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
  {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
   -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
   2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
  {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
   2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
   -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
  {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
   2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
   -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
};

static double ma[M][M], mb[M][M], mc[M][M];

static uint64_t bits(double d) { union { double d; uint64_t u; } v = {d}; return v.u; }

static void offset_momentum(void) {
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < NB; i++) {
    px += bodies[i].vx * bodies[i].mass;
    py += bodies[i].vy * bodies[i].mass;
    pz += bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = -px / SOLAR_MASS;
  bodies[0].vy = -py / SOLAR_MASS;
  bodies[0].vz = -pz / SOLAR_MASS;
}

static double energy(void) {
  double e = 0;
  for (int i = 0; i < NB; i++) {
    struct body *b = &bodies[i];
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (int j = i + 1; j < NB; j++) {
      struct body *c = &bodies[j];
      double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
      e -= b->mass * c->mass / fsqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static void advance(double dt) {
  for (int i = 0; i < NB; i++) {
    struct body *b = &bodies[i];
    for (int j = i + 1; j < NB; j++) {
      struct body *c = &bodies[j];
      double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * fsqrt(d2));
      b->vx -= dx * c->mass * mag; b->vy -= dy * c->mass * mag; b->vz -= dz * c->mass * mag;
      c->vx += dx * b->mass * mag; c->vy += dy * b->mass * mag; c->vz += dz * b->mass * mag;
    }
  }
  for (int i = 0; i < NB; i++) {
    bodies[i].x += dt * bodies[i].vx;
    bodies[i].y += dt * bodies[i].vy;
    bodies[i].z += dt * bodies[i].vz;
  }
}

int main(void) {
  uint64_t sum = 0;
  offset_momentum();
  sum = mix(sum, bits(energy()));
  for (int s = 0; s < STEPS; s++) advance(0.01);
  sum = mix(sum, bits(energy()));
  for (int i = 0; i < NB; i++) sum = mix(sum, bits(bodies[i].x) ^ bits(bodies[i].vz));

  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      ma[i][j] = (double)((i * 31 + j * 17) % 97) / 7.0 - 6.5;
      mb[i][j] = (double)((i * 13 + j * 29) % 89) / 11.0 + 0.25;
    }
  for (int r = 0; r < REPS; r++) {
    for (int i = 0; i < M; i++)
      for (int j = 0; j < M; j++) {
        double s = 0;
        for (int k = 0; k < M; k++) s += ma[i][k] * mb[k][j];
        mc[i][j] = s;
      }
    ma[r % M][(r * 5) % M] = mc[(r * 3) % M][(r * 7) % M] / 1024.0;
  }
  for (int i = 0; i < M; i++) sum = mix(sum, bits(mc[i][(i * 11) % M]));

#ifdef BENCH_HOST
  printf("0x%016llx\n", (unsigned long long)sum);
  return 0;
#else
  return bench_finish("fp-bench", sum, EXPECTED);
#endif
}
