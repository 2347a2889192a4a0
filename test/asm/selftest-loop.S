/* Never finishes: the runner must stop it at maxInsns with status "max-insns". */
#include "env.h"
TEST_BEGIN
1:
  addi a0, a0, 1
  j 1b
TEST_END
