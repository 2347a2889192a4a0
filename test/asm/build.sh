#!/usr/bin/env bash
# Build hartnet's bare-metal ISA tests and benchmarks (incremental, via make).
#   test/asm/build.sh            build everything (installs gcc-riscv64-unknown-elf when missing)
#   test/asm/build.sh qemu [N..] also run the QEMU-flavoured tests under qemu-system-riscv64 -M spike
#                                (all, or the named ones) and print PASS/FAIL per program
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
"$root/scripts/ensure-apt" gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
jobs="$(nproc 2>/dev/null || echo 2)"
make -s -C "$here" -j"$jobs" all

if [ "${1:-}" = "qemu" ]; then
  shift
  "$root/scripts/ensure-apt" qemu-system-misc
  names=("$@")
  if [ ${#names[@]} -eq 0 ]; then
    for f in "$here"/*.S; do n="$(basename "$f" .S)"; case "$n" in selftest-*) ;; *) names+=("$n");; esac; done
  fi
  status=0
  for n in "${names[@]}"; do
    set +e
    # -icount shift=0: exact instret, and mtime (10 MHz) ticks once per 100 instructions as on hartnet.
    # Programs that need rdtime or Sstc say "qemu-machine: virt": QEMU's spike machine has neither.
    if grep -q "qemu-machine: virt" "$here/$n.S"; then
      machine=virt; elf="$here/build/qemu-virt/$n.elf"
    else
      machine=spike; elf="$here/build/qemu/$n.elf"
    fi
    out="$(timeout 60 qemu-system-riscv64 -M $machine -cpu rv64 -icount shift=0,sleep=off -m 128M -nographic -bios none \
            -kernel "$elf" 2>&1)"
    rc=$?
    set -e
    if [ $rc -eq 0 ]; then echo "PASS $n ($machine)"; else echo "FAIL $n ($machine) (exit $rc = check $rc)"; echo "$out" | tail -5; status=1; fi
  done
  exit $status
fi
