/* Deliberately fails its third check: the runner must report status "fail", failedTest 3. */
#include "env.h"
TEST_BEGIN
  li a0, 1
  CHECK_EQ a0, 1
  CHECK_EQ a0, 1
  CHECK_EQ a0, 2          /* check 3 fails */
  CHECK_EQ a0, 1
TEST_END
