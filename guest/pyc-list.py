"""Build helper, run by guest/build with the riscv64 python under qemu-riscv64 (not shipped).

Usage: pyc-list.py ROOT SCRIPT...
Runs each SCRIPT in this interpreter (import-check.py as __main__, the others only imported),
then prints the .py file of every stdlib module now loaded, one per line: the modules worth
precompiling because start-up, the demos or the promised imports load them.
"""
import runpy
import sys

root, scripts = sys.argv[1], sys.argv[2:]
for i, script in enumerate(scripts):
    sys.argv = [script]
    try:
        # The first script (import-check.py) runs for real; the others are loaded without
        # running their main() (run_name is not "__main__").
        runpy.run_path(script, run_name="__main__" if i == 0 else "pyc_list")
    except SystemExit as e:
        if e.code:
            raise
files = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
prefix = root + "/usr/lib/python"
for f in sorted(f for f in files if f and f.endswith(".py") and f.startswith(prefix)):
    print(f)
