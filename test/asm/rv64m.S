/* RV64M: multiply, divide and remainder (and their W forms), including division by zero and
 * signed overflow, which never trap. */
#include "env.h"
  .option norvc
#define MIN64 0x8000000000000000
TEST_BEGIN
  TEST_RR mul,    6, 2, 3
  TEST_RR mul,    -6, -2, 3
  TEST_RR mul,    0x0000000000000001, -1, -1
  TEST_RR mul,    0x123456789abcdef0 * 1, 0x123456789abcdef0, 1
  TEST_RR mul,    0xfffffffe00000001, 0xffffffff, 0xffffffff  /* low 64 bits of 2^64 - 2^33 + 1 */
  TEST_RR mulh,   0, 2, 3
  TEST_RR mulh,   -1, -2, 3
  TEST_RR mulh,   0x4000000000000000, MIN64, MIN64
  TEST_RR mulh,   0xffffffffffffffff, 0x7fffffffffffffff, -2
  TEST_RR mulhu,  0xfffffffffffffffe, -1, -1
  TEST_RR mulhu,  0x4000000000000000, MIN64, MIN64
  TEST_RR mulhu,  0, 0xffffffff, 0xffffffff
  TEST_RR mulhsu, 0xffffffffffffffff, -1, -1                 /* (-1) * (2^64-1) */
  TEST_RR mulhsu, 0xc000000000000000, MIN64, MIN64           /* -2^63 * 2^63 = -2^126 */
  TEST_RR mulhsu, 0, 1, -1
  TEST_RR mulw,   0xffffffff80000000, 0x40000000, 2
  TEST_RR mulw,   6, 0xabcdef0000000002, 3
  TEST_RR mulw,   1, -1, -1
  TEST_RR div,    3, 20, 6
  TEST_RR div,    -3, -20, 6
  TEST_RR div,    -3, 20, -6
  TEST_RR div,    -1, 20, 0                                  /* divide by zero: all ones */
  TEST_RR div,    MIN64, MIN64, -1                           /* overflow: dividend */
  TEST_RR divu,   3, 20, 6
  TEST_RR divu,   0x7fffffffffffffff, -1, 2
  TEST_RR divu,   -1, 20, 0
  TEST_RR rem,    2, 20, 6
  TEST_RR rem,    -2, -20, 6
  TEST_RR rem,    2, 20, -6
  TEST_RR rem,    20, 20, 0                                  /* x % 0 = x */
  TEST_RR rem,    0, MIN64, -1                               /* overflow: 0 */
  TEST_RR remu,   2, 20, 6
  TEST_RR remu,   1, -1, 2
  TEST_RR remu,   -20, -20, 0
  TEST_RR divw,   -3, 0xffffffffffffffec, 6                  /* -20 / 6 */
  TEST_RR divw,   -1, 20, 0
  TEST_RR divw,   0xffffffff80000000, 0x80000000, -1         /* overflow */
  TEST_RR divw,   3, 0x1200000014, 6                         /* upper bits ignored */
  TEST_RR divuw,  0x7fffffff, 0xffffffff, 2
  TEST_RR divuw,  -1, 20, 0
  TEST_RR divuw,  0xffffffff80000000, 0x80000000, 1          /* result sign-extended */
  TEST_RR remw,   -2, 0xffffffffffffffec, 6
  TEST_RR remw,   0, 0x80000000, -1
  TEST_RR remw,   0xffffffff80000001, 0x80000001, 0          /* x % 0 = x, sign-extended */
  TEST_RR remuw,  1, 0xffffffff, 2
  TEST_RR remuw,  0xffffffffffffffec, 0xffffffec, 0
  TEST_RR remuw,  2, 0xab00000014, 0xcd00000006
  /* rd aliasing a source */
  li a0, 7
  li a1, 6
  mul a0, a0, a1
  CHECK_EQ a0, 42
  div a1, a0, a1
  CHECK_EQ a1, 7
TEST_END
