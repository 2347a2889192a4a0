#!/usr/bin/env bash
# Rebuild the FPU oracle (test/fpu/oracle.c, static riscv64 Linux binary run under Debian's
# qemu-riscv64) and regenerate the committed expectations from it:
#   test/fpu/expected.bin.gz  the first COUNT oracle results of every instruction variant
#   test/fpu/expected.json    + SHA-256 of the oracle's results for all FULL operand sets per variant
# It also compares hartnet with the oracle on all FULL operand sets and fails on any mismatch.
# Usage: test/fpu/regenerate.sh [FULL=100000] [COUNT=5000]
set -euo pipefail
cd "$(dirname "$0")/../.."
FULL=${1:-100000}
COUNT=${2:-5000}
scripts/ensure-apt gcc-riscv64-linux-gnu libc6-dev-riscv64-cross qemu-user
ORACLE=${TMPDIR:-/tmp}/hartnet-fpu-oracle
riscv64-linux-gnu-gcc -static -O1 -Wall -o "$ORACLE" test/fpu/oracle.c
node scripts/build-wasm.mjs
node test/fpu/check.mjs --oracle "$ORACLE" --count "$FULL" --write-expected "$COUNT"
